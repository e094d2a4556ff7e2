import SQLite

/// What the web layer's handlers need: the database and the migrations it was started with.
public struct PortalContext: Sendable {
    public let database: Database
    public let migrator: Migrator

    public init(database: Database, migrator: Migrator) {
        self.database = database
        self.migrator = migrator
    }
}
