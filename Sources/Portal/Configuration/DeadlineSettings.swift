/// How deadlines are set: one policy per case type, the holidays business days skip, and the
/// thresholds of the deadline states. From the `deadlines` section of the configuration file.
public struct DeadlineSettings: Sendable {
    /// Policies by case type name (`complaint`, ...).
    public var policies: [String: DeadlinePolicy]
    public var holidays: HolidayCalendar
    /// A running deadline is `due_soon` when it falls within this many days.
    public var dueSoonDays: Int
    /// An overdue deadline is `very_overdue` once it is this many days late.
    public var veryOverdueDays: Int

    public init(policies: [String: DeadlinePolicy], holidays: HolidayCalendar = .none, dueSoonDays: Int = 3,
                veryOverdueDays: Int = 14) {
        self.policies = policies
        self.holidays = holidays
        self.dueSoonDays = dueSoonDays
        self.veryOverdueDays = veryOverdueDays
    }

    /// The defaults: complaints follow the operator's published targets in calendar days; documentation
    /// requests are answered within 14 calendar days, with at most one extension of up to 14 days.
    public static func defaults(for configuration: OperatorConfiguration) -> DeadlineSettings {
        DeadlineSettings(policies: [
            CaseType.complaint.name: DeadlinePolicy(acknowledgeWithin: configuration.complaintTargets.acknowledgeWithinDays,
                                                    respondWithin: configuration.complaintTargets.respondWithinDays,
                                                    unit: .calendarDays, maxExtensionDays: 30, maxExtensions: nil),
            // Transparency Measure 1.2: an answer within 14 days, save in exceptional circumstances
            // (one extension). The Code sets no acknowledgement deadline: the receipt acknowledges.
            CaseType.documentationRequest.name: DeadlinePolicy(acknowledgeWithin: nil, respondWithin: 14, unit: .calendarDays,
                                                               maxExtensionDays: 14, maxExtensions: 1),
            // An authority sets its own date (`CaseClock.fixedDueDate`): respond_within is not used for
            // it; an extension (the authority agreed to a later date) adds calendar days, capped here.
            CaseType.authorityRequest.name: DeadlinePolicy(acknowledgeWithin: nil, respondWithin: 30, unit: .calendarDays,
                                                           maxExtensionDays: 90, maxExtensions: nil),
        ])
    }

    /// The policy of a case type; every known type has one (the defaults fill the gaps).
    public func policy(for type: CaseType) -> DeadlinePolicy {
        policies[type.name] ?? DeadlinePolicy(acknowledgeWithin: nil, respondWithin: 30)
    }
}
