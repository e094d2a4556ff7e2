/// The explicit state machine every case type follows:
///
///     received → in_review → <awaiting the party> ⇄ in_review → closed
///                                                   closed → in_review (reopen, admins only)
///
/// Staff move a case along these edges; the party who filed it can withdraw an open case
/// (→ closed, outcome `withdrawn`) and, by replying while it awaits them, return it to `in_review`.
public struct CaseLifecycle: Sendable {
    public static let received = "received"
    public static let inReview = "in_review"
    public static let closed = "closed"

    /// The status in which the case waits for its party and its clock stops, e.g. `awaiting_complainant`.
    public let awaitingStatus: String
    /// The outcomes a closing may name.
    public let outcomes: [String]
    /// Outcomes that must list the actions taken.
    public let outcomesNeedingActions: Set<String>
    /// The kinds of action a closing may list.
    public let actionTypes: [String]
    /// Outcomes that must give a `reason` from `reasons` (shown to the party with the decision).
    public let outcomesNeedingReason: Set<String>
    /// The reasons a closing with one of `outcomesNeedingReason` may give.
    public let reasons: [String]

    public init(awaitingStatus: String, outcomes: [String], outcomesNeedingActions: Set<String>, actionTypes: [String],
                outcomesNeedingReason: Set<String> = [], reasons: [String] = []) {
        self.awaitingStatus = awaitingStatus
        self.outcomes = outcomes
        self.outcomesNeedingActions = outcomesNeedingActions
        self.actionTypes = actionTypes
        self.outcomesNeedingReason = outcomesNeedingReason
        self.reasons = reasons
    }

    /// Every status, in lifecycle order.
    public var statuses: [String] { [Self.received, Self.inReview, awaitingStatus, Self.closed] }

    /// Whether a case in `status` still runs (is not closed).
    public func isOpen(_ status: String) -> Bool { status != Self.closed }

    /// The statuses staff with `role` may move a case to from `status`.
    public func allowedTargets(from status: String, role: StaffRole) -> [String] {
        guard role.canTriage else { return [] }
        switch status {
        case Self.received: return [Self.inReview]
        case Self.inReview: return [awaitingStatus, Self.closed]
        case awaitingStatus: return [Self.inReview]
        case Self.closed: return role.canReopen ? [Self.inReview] : []
        default: return []
        }
    }
}
