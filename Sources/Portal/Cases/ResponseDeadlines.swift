/// The dates a new case must be acknowledged and answered by: the configured number of calendar
/// days after the day of receipt, ending at the last second of that day in the operator's zone.
/// (Pauses, business days and extensions come with the reviewer workflow.)
public struct ResponseDeadlines: Sendable {
    public let zone: TimeZoneRules
    public let targets: OperatorConfiguration.ResponseTargets

    public init(zone: TimeZoneRules, targets: OperatorConfiguration.ResponseTargets) {
        self.zone = zone
        self.targets = targets
    }

    public func acknowledgeBy(receivedAt: Int64) -> Int64 {
        zone.endOfDay(zone.localDate(at: receivedAt).adding(days: targets.acknowledgeWithinDays))
    }

    public func respondBy(receivedAt: Int64) -> Int64 {
        zone.endOfDay(zone.localDate(at: receivedAt).adding(days: targets.respondWithinDays))
    }
}
