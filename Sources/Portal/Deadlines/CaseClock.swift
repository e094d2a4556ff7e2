/// The facts of a case's history that move its deadlines, taken from its events: when it arrived, when it
/// was acknowledged and closed, when its clock was paused, and the extensions granted.
///
/// Instants are Unix seconds. The calculator turns them into local dates of the operator's zone; only the
/// dates matter for counting (see `DeadlineCalculator`).
public struct CaseClock: Sendable, Equatable {
    /// A stretch of time during which the case's clock stood still.
    public struct Pause: Sendable, Equatable {
        /// Why the clock stood still. Both reasons pause it the same way; they are worded differently.
        public enum Reason: String, Sendable {
            /// Waiting for the complainant (or requester) to answer a question.
            case awaitingParty = "awaiting_party"
            /// The case was closed, then reopened: the time it was closed does not count against the answer.
            case closed
        }

        /// When the pause began.
        public var start: Int64
        /// When the clock resumed; nil = still paused.
        public var end: Int64?
        public var reason: Reason

        public init(start: Int64, end: Int64?, reason: Reason) {
            self.start = start
            self.end = end
            self.reason = reason
        }
    }

    /// More days granted to answer, with the reason recorded for the complainant and for audits.
    public struct Extension: Sendable, Equatable {
        public var grantedAt: Int64
        /// Days added, in the policy's unit.
        public var days: Int
        public var justification: String

        public init(grantedAt: Int64, days: Int, justification: String) {
            self.grantedAt = grantedAt
            self.days = days
            self.justification = justification
        }
    }

    /// When the case was received; counting starts the local day after.
    public var receivedAt: Int64
    /// The first time the case left `received`: meets the acknowledge deadline.
    public var acknowledgedAt: Int64?
    /// Set while the case is closed: meets the respond deadline. (A case closed and reopened has a
    /// `.closed` pause instead.)
    public var closedAt: Int64?
    /// In time order, not overlapping.
    public var pauses: [Pause]
    /// In time order.
    public var extensions: [Extension]
    /// A date the party set for the answer when the case was filed (an authority's deadline), or nil
    /// when the policy's days count from the receipt. With it the respond deadline is due at the end
    /// of this local date; pauses do not move it, extensions add calendar days to it. From the
    /// `due_date` of the case's `submitted` event.
    public var fixedDueDate: LocalDate?

    public init(receivedAt: Int64, acknowledgedAt: Int64? = nil, closedAt: Int64? = nil,
                pauses: [Pause] = [], extensions: [Extension] = [], fixedDueDate: LocalDate? = nil) {
        self.receivedAt = receivedAt
        self.fixedDueDate = fixedDueDate
        self.acknowledgedAt = acknowledgedAt
        self.closedAt = closedAt
        self.pauses = pauses
        self.extensions = extensions
    }
}
