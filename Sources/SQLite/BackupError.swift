/// Why `Database.backup(to:)` refused to start or could not finish.
public enum BackupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A file (or a leftover `-wal`, `-shm` or `-journal` of one) already exists there; backups never overwrite.
    case destinationExists(String)
    /// The destination file could not be created.
    case cannotCreateDestination(path: String, reason: String)
    /// The source stayed locked by other connections for too long.
    case sourceBusy(String)

    public var description: String {
        switch self {
        case .destinationExists(let path):
            return "backup refused: \(path) already exists (backups never overwrite; choose a new file name)"
        case .cannotCreateDestination(let path, let reason):
            return "backup failed: cannot create \(path): \(reason)"
        case .sourceBusy(let path):
            return "backup failed: \(path) stayed locked by other connections; try again"
        }
    }
}
