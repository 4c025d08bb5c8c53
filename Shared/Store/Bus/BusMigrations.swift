import GRDB

/// The outbox, inbox, cursor and dead-letter tables every service's store carries.
///
/// Each service's migrator registers these first; a shipped migration is never edited, a change is
/// a new numbered migration here.
public enum BusMigrations {
    /// Registers the bus tables' migrations in `migrator`.
    public static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("bus-1-tables") { db in
            try db.create(table: OutboxEntry.databaseTableName) { t in
                t.primaryKey("sequence", .integer)
                // Ids are fresh UUIDs; a unique index would cost a page write per event and guard nothing.
                t.column("eventId", .text).notNull()
                t.column("topic", .text).notNull()
                t.column("type", .text).notNull()
                t.column("envelope", .blob).notNull()
                t.column("payload", .blob).notNull()
                // Unix seconds: formatting a Date as text costs more than the insert itself.
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: OutboxState.databaseTableName) { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("publishedThrough", .integer).notNull()
                t.column("prunedThrough", .integer).notNull()
            }
            try db.execute(
                sql: "INSERT INTO \(OutboxState.databaseTableName) VALUES (1, 0, 0)")
            try db.create(table: InboxEntry.databaseTableName) { t in
                t.column("source", .text).notNull()
                t.column("sequence", .integer).notNull()
                t.column("eventId", .text).notNull()
                t.column("topic", .text).notNull()
                t.column("type", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("appliedAt", .datetime).notNull()
                t.primaryKey(["source", "sequence"])
            }
            try db.create(table: BusCursor.databaseTableName) { t in
                t.primaryKey("source", .text)
                t.column("sequence", .integer).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: DeadLetter.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("source", .text).notNull()
                t.column("sequence", .integer).notNull()
                t.column("eventId", .text)
                t.column("topic", .text)
                t.column("type", .text)
                t.column("envelope", .blob)
                t.column("payload", .blob)
                t.column("error", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("firstFailedAt", .datetime).notNull()
                t.column("lastFailedAt", .datetime).notNull()
            }
            try db.create(index: "bus_dead_letter_status", on: DeadLetter.databaseTableName, columns: ["status"])
        }
    }
}
