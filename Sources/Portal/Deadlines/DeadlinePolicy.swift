/// What a deadline's days are counted in.
///
/// Calendar days count every day; business days skip Saturdays, Sundays and the configured holidays
/// (`HolidayCalendar`). Either way a deadline ends at the end of a local day in the operator's zone.
public enum DeadlineUnit: String, Sendable, Codable, CaseIterable {
    case calendarDays = "calendar_days"
    case businessDays = "business_days"
}

/// One case type's deadline policy, from the configuration: how many days a case may take to be
/// acknowledged and answered, in which unit, and how far the answer deadline may be extended.
///
/// In JSON (snake_case keys):
/// `{"acknowledge_within": 4, "respond_within": 30, "unit": "calendar_days", "max_extension_days": 30, "max_extensions": 2}`.
/// `acknowledge_within` and `max_extensions` may be left out (no acknowledgement deadline, no limit on the
/// number of extensions); `unit` defaults to `calendar_days` and `max_extension_days` to 30.
/// The rule that turns a policy into dates is described on `DeadlineCalculator` and in docs/deadlines.md.
public struct DeadlinePolicy: Sendable, Equatable, Codable {
    /// Days to acknowledge a case (leave the `received` state); nil = no acknowledgement deadline.
    /// 0 means the day of receipt itself.
    public var acknowledgeWithin: Int?
    /// Days to answer (close) a case, before extensions.
    public var respondWithin: Int
    /// What the days above and the extension days are counted in.
    public var unit: DeadlineUnit
    /// The most days that all of a case's extensions may add up to. Enforced where extensions are granted;
    /// the calculator applies whatever extensions a case has.
    public var maxExtensionDays: Int
    /// How many extensions a case may have at most; nil = no limit on the count.
    public var maxExtensions: Int?

    /// The largest number of days any of the settings may have (ten years): more is surely a typo, and it
    /// keeps day counting bounded.
    public static let maximumDays = 3650

    public init(acknowledgeWithin: Int?, respondWithin: Int, unit: DeadlineUnit = .calendarDays,
                maxExtensionDays: Int = 30, maxExtensions: Int? = nil) {
        self.acknowledgeWithin = acknowledgeWithin
        self.respondWithin = respondWithin
        self.unit = unit
        self.maxExtensionDays = maxExtensionDays
        self.maxExtensions = maxExtensions
    }

    /// nil when the policy is valid, else a message naming the offending key, e.g.
    /// "respond_within must be at least 1". Checked when the configuration is loaded, so that the
    /// calculator never sees a policy that makes no sense.
    public func problem() -> String? {
        let limit = Self.maximumDays
        if let acknowledgeWithin {
            if acknowledgeWithin < 0 { return "acknowledge_within must be at least 0" }
            if acknowledgeWithin > limit { return "acknowledge_within must be at most \(limit)" }
        }
        if respondWithin < 1 { return "respond_within must be at least 1" }
        if respondWithin > limit { return "respond_within must be at most \(limit)" }
        if let acknowledgeWithin, acknowledgeWithin > respondWithin {
            return "acknowledge_within must not be more than respond_within (\(respondWithin))"
        }
        if maxExtensionDays < 0 { return "max_extension_days must be at least 0" }
        if maxExtensionDays > limit { return "max_extension_days must be at most \(limit)" }
        if let maxExtensions, maxExtensions < 0 { return "max_extensions must be at least 0" }
        return nil
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case acknowledgeWithin = "acknowledge_within", respondWithin = "respond_within", unit
        case maxExtensionDays = "max_extension_days", maxExtensions = "max_extensions"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        acknowledgeWithin = try c.decodeIfPresent(Int.self, forKey: .acknowledgeWithin)
        respondWithin = try c.decode(Int.self, forKey: .respondWithin)
        unit = try c.decodeIfPresent(DeadlineUnit.self, forKey: .unit) ?? .calendarDays
        maxExtensionDays = try c.decodeIfPresent(Int.self, forKey: .maxExtensionDays) ?? 30
        maxExtensions = try c.decodeIfPresent(Int.self, forKey: .maxExtensions)
    }
}
