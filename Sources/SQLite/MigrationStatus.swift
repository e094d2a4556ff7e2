/// How a database's recorded migrations compare with the migration files.
public enum MigrationStatus: Sendable, Hashable, CustomStringConvertible {
    /// Every migration is applied and unchanged.
    case current
    /// These migrations, in order, are not applied yet; the applied ones are unchanged.
    case pending([Migration])
    /// The applied migration with this name no longer matches its file (content or name differ).
    case changed(String)
    /// The applied migration with this name has no file any more.
    case missing(String)

    public var description: String {
        switch self {
        case .current:
            return "up to date"
        case .pending(let migrations):
            let list = migrations.map { "\($0.version) \($0.name)" }.joined(separator: ", ")
            return "\(migrations.count) pending: \(list)"
        case .changed(let name):
            return "applied migration \(name) was changed after it ran"
        case .missing(let name):
            return "applied migration \(name) has no file any more"
        }
    }
}
