/// Which of a case's two deadlines.
public enum DeadlineKind: String, Sendable {
    /// Leave the `received` state (acknowledge the case to the party).
    case acknowledge
    /// Answer the case (close it).
    case respond
}

/// Where a deadline stands, for queues and reminders.
public enum DeadlineState: String, Sendable {
    /// Running, due more than `dueSoonDays` calendar days from today.
    case onTrack = "on_track"
    /// Running, due today or within `dueSoonDays` calendar days.
    case dueSoon = "due_soon"
    /// Running, and its last second has passed.
    case overdue
    /// Overdue, and today is at least `veryOverdueDays` calendar days after the due date.
    case veryOverdue = "very_overdue"
    /// Acknowledged (or answered), on time or not: see `Deadline.metOnTime`.
    case met
}

/// One computed deadline of a case, with the steps that led to it in plain words.
public struct Deadline: Sendable, Equatable {
    public let kind: DeadlineKind
    /// Unix seconds: the last second of `dueDate` in the calendar's zone.
    public let due: Int64
    public let dueDate: LocalDate
    public let state: DeadlineState
    /// When it was met (state `.met`), else nil.
    public let metAt: Int64?
    /// Whether `metAt <= due` (state `.met`), else nil.
    public let metOnTime: Bool?
    /// Whether the case is paused now (it has a pause without an end).
    public let paused: Bool
    /// The extension days applied (respond only; 0 for acknowledge).
    public let extendedByDays: Int
    /// One line per step, in time order, each naming the date the facts so far lead to; the last line is
    /// always "due at the end of <date> <zone> (<RFC 3339 of due>)".
    public let explanation: [String]

    public init(kind: DeadlineKind, due: Int64, dueDate: LocalDate, state: DeadlineState, metAt: Int64?,
                metOnTime: Bool?, paused: Bool, extendedByDays: Int, explanation: [String]) {
        self.kind = kind
        self.due = due
        self.dueDate = dueDate
        self.state = state
        self.metAt = metAt
        self.metOnTime = metOnTime
        self.paused = paused
        self.extendedByDays = extendedByDays
        self.explanation = explanation
    }
}
