extension DeadlineCalculator {
    /// TEMPORARY until the calculator skips the explanation itself.
    public func deadlines(for clock: CaseClock, now: Int64, explained: Bool) -> [Deadline] {
        deadlines(for: clock, now: now)
    }
}
