/// What a staff token may do. Every staff request carries exactly one role, the role of the token
/// it presented; the permissions below are the whole access policy of the staff API.
///
/// | role | read | triage | reopen | manage tokens |
/// |---|---|---|---|---|
/// | `reviewer` | yes | yes | no | no |
/// | `admin` | yes | yes | yes | yes |
/// | `auditor` | yes | no | no | no |
public enum StaffRole: String, Sendable, CaseIterable, Codable {
    /// Works the queue: reads cases and triages them.
    case reviewer
    /// A reviewer who may also reopen closed cases and create or revoke staff tokens.
    case admin
    /// Reads everything (cases, events, the audit log) and changes nothing.
    case auditor

    /// May read cases, their events and the audit log. Every role may.
    public var canRead: Bool { true }

    /// May change an open case: status transitions, assignment, internal notes, messages to the
    /// requester and deadline extensions. Reviewers and admins; never auditors.
    public var canTriage: Bool {
        switch self {
        case .reviewer, .admin: true
        case .auditor: false
        }
    }

    /// May reopen a closed case. Admins only.
    public var canReopen: Bool { self == .admin }

    /// May create, list and revoke staff tokens. Admins only.
    public var canManageTokens: Bool { self == .admin }
}
