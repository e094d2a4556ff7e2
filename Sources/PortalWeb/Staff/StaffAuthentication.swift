import HTTPServer
import Portal

/// The staff API's access check: every /api/v1 staff route needs `Authorization: Bearer` with an
/// active staff token. No or an unknown or revoked token gets 401 with `WWW-Authenticate`
/// (RFC 6750); a role without the right gets 403.
enum StaffAuthentication {
    enum Permission {
        case read, triage, reopen, manageTokens
        /// Register models and publish their documentation versions: admins.
        case publish

        func granted(to role: StaffRole) -> Bool {
            switch self {
            case .read: return role.canRead
            case .triage: return role.canTriage
            case .reopen: return role.canReopen
            case .manageTokens: return role.canManageTokens
            case .publish: return role == .admin
            }
        }

        var description: String {
            switch self {
            case .read: return "read cases"
            case .triage: return "change cases (reviewers and admins)"
            case .reopen: return "reopen cases (admins)"
            case .manageTokens: return "manage staff tokens (admins)"
            case .publish: return "register models or publish their documentation (admins)"
            }
        }
    }

    /// The member of staff making `request`, if their role has `permission`.
    static func member(_ request: Request, context: PortalContext, needs permission: Permission) throws -> StaffMember {
        guard let token = StatusAPI.bearerToken(request) else {
            throw APIProblem(.unauthorized, detail: "Send a staff token as Authorization: Bearer <token>.",
                             headers: [HTTPHeader("WWW-Authenticate", "Bearer realm=\"staff\"")])
        }
        guard let member = try context.staff.authenticate(token) else {
            throw APIProblem(.unauthorized, detail: "This staff token is not valid: unknown or revoked.",
                             headers: [HTTPHeader("WWW-Authenticate", "Bearer realm=\"staff\", error=\"invalid_token\"")])
        }
        guard permission.granted(to: member.role) else {
            throw APIProblem(.forbidden, type: "/problems/insufficient-role", title: "Your role does not allow this",
                             detail: "The \(member.role.rawValue) role may not \(permission.description).")
        }
        return member
    }
}
