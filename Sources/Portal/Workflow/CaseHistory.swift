import JSON

/// What a case's events add up to: its status, assignee, outcome and the facts that move its
/// clock. Built by replaying the events in order — the one place that reads meaning into them,
/// used for a case's detail and for the in-memory queue alike.
public struct CaseHistory: Sendable, Equatable {
    public private(set) var status = CaseLifecycle.received
    public private(set) var assignee: String?
    public private(set) var outcome: String?
    /// The earlier case named when this one was closed as a duplicate.
    public private(set) var decidedDuplicateOf: String?
    public private(set) var clock: CaseClock
    /// The id of the last event applied.
    public private(set) var lastEventID: Int64 = 0

    public init(receivedAt: Int64) {
        clock = CaseClock(receivedAt: receivedAt)
    }

    /// Applies one event of this case, in id order.
    public mutating func apply(eventID: Int64, type: String, occurredAt: Int64, payload: JSONValue, lifecycle: CaseLifecycle) {
        lastEventID = eventID
        switch type {
        case CaseEventType.submitted:
            // A date the party set for the answer (an authority's deadline), recorded at filing.
            if let date = payload["due_date"]?.stringValue.flatMap(LocalDate.init(iso8601:)) { clock.fixedDueDate = date }
        case CaseEventType.transitioned:
            guard let to = payload["to"]?.stringValue else { return }
            enter(to, at: occurredAt, lifecycle: lifecycle)
            outcome = to == CaseLifecycle.closed ? payload["outcome"]?.stringValue : nil
            decidedDuplicateOf = outcome == "duplicate" ? payload["duplicate_of"]?.stringValue : nil
        case CaseEventType.assigned:
            assignee = payload["assignee"]?.stringValue
        case CaseEventType.extended:
            if let days = payload["days"]?.intValue {
                clock.extensions.append(CaseClock.Extension(grantedAt: occurredAt, days: days,
                                                            justification: payload["justification"]?.stringValue ?? ""))
            }
        default:
            break
        }
    }

    private mutating func enter(_ next: String, at time: Int64, lifecycle: CaseLifecycle) {
        let previous = status
        status = next
        if previous == CaseLifecycle.received, clock.acknowledgedAt == nil { clock.acknowledgedAt = time }
        // Leaving a pause ends it; entering one starts it.
        if previous == lifecycle.awaitingStatus || previous == CaseLifecycle.closed,
           let last = clock.pauses.indices.last, clock.pauses[last].end == nil {
            clock.pauses[last].end = time
        }
        if next == lifecycle.awaitingStatus {
            clock.pauses.append(CaseClock.Pause(start: time, end: nil, reason: .awaitingParty))
        }
        clock.closedAt = nil
        if next == CaseLifecycle.closed {
            clock.closedAt = time
            // Once closed the respond deadline is met; a reopening turns the closed time into a pause.
            clock.pauses.append(CaseClock.Pause(start: time, end: nil, reason: .closed))
        }
    }
}
