/// What a desk answers for a submission of any case type.
public enum DeskOutcome: Sendable, Equatable {
    case filed(Receipt, replayed: Bool)
    case invalid([FieldError])
    /// The idempotency key was used before for a different submission.
    case keyReused

    init(_ filing: CaseStore.Filing) {
        switch filing {
        case .created(let receipt, _): self = .filed(receipt, replayed: false)
        case .replayed(let receipt): self = .filed(receipt, replayed: true)
        case .keyReused: self = .keyReused
        }
    }
}
