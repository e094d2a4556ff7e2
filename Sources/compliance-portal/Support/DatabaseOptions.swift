import ArgumentParser

/// The database option every subcommand that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file; its folder is created. Env: PORTAL_DATABASE.",
                                            valueName: "path"))
    var database: String?

    var databasePath: String { Environment.value(database, "PORTAL_DATABASE", default: "./data/portal.sqlite") }
}

/// Where the migration files are, for the subcommands that apply or check them.
struct MigrationsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of NNNN_name.sql migrations. Env: PORTAL_MIGRATIONS.",
                                            valueName: "path"))
    var migrations: String?

    var migrationsPath: String { Environment.value(migrations, "PORTAL_MIGRATIONS", default: "./Migrations") }
}
