import Bus
import GRDB
import Store

/// The `manifests` service's one database: its schema and the bus tables, migrated on open.
struct ManifestsStore: Sendable {
    /// The database.
    let writer: any DatabaseWriter

    /// Opens the store over `writer`, running every migration not yet applied.
    init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// The service's migrations, in order; a shipped migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        return migrator
    }

    /// What the service does with the events it subscribes to.
    static var eventHandlers: EventHandlers {
        EventHandlers()
    }
}
