/// Why migrations were refused. Descriptions are meant for people: the command line prints them.
public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An applied migration's file differs from what was applied (checksum or name).
    case changed(version: Int, name: String)
    /// An applied migration's file is gone.
    case missing(version: Int, name: String)
    /// A `.sql` file in the migrations folder is not named `NNNN_name.sql`.
    case badFileName(String)
    /// Two migrations share a version number.
    case duplicateVersion(Int)
    /// The migrations folder or one of its files could not be read.
    case unreadable(path: String, reason: String)
    /// A migration left rows that break a foreign key.
    case foreignKeyViolation(version: Int, name: String, table: String)
    /// A migration's SQL failed; it was rolled back, and later migrations were not attempted.
    case failed(version: Int, name: String, error: DatabaseError)

    public var description: String {
        switch self {
        case .changed(let version, let name):
            return "migration \(version) (\(name)) was already applied but its file has changed since; "
                + "applied migrations must never be edited: restore the file and add a new migration instead"
        case .missing(let version, let name):
            return "migration \(version) (\(name)) was already applied but its file is missing; "
                + "restore the file: applied migrations must stay in the migrations folder"
        case .badFileName(let file):
            return "migration file \(file) is badly named: expected NNNN_name.sql "
                + "(at least 4 digits, an underscore, then letters, digits, '_' or '-')"
        case .duplicateVersion(let version):
            return "two migration files have version \(version); each version must be unique"
        case .unreadable(let path, let reason):
            return "cannot read migrations at \(path): \(reason)"
        case .foreignKeyViolation(let version, let name, let table):
            return "migration \(version) (\(name)) leaves rows in \(table) that break a foreign key; it was rolled back"
        case .failed(let version, let name, let error):
            return "migration \(version) (\(name)) failed and was rolled back: SQLite error \(error.code): \(error.message)"
        }
    }
}
