/// Who made a staff request: the name and role of the token presented. The name is the actor
/// recorded on every change the request makes.
public struct StaffMember: Sendable, Equatable {
    /// The token's name, e.g. `alice`; unique among active tokens.
    public let name: String
    /// What the token may do.
    public let role: StaffRole

    public init(name: String, role: StaffRole) {
        self.name = name
        self.role = role
    }
}
