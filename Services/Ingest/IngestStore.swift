import Bus
import GRDB
import Store

/// The `ingest` service's one database: its schema and the bus tables, migrated on open.
struct IngestStore: Sendable {
    /// The database.
    let writer: any DatabaseWriter
    /// Writes measurement events inside the store's transactions.
    let outbox: Outbox
    /// Registry rows the packet path has read.
    let stationCache = StationCache()

    /// Opens the store over `writer`, running every migration not yet applied; events are stamped `source`.
    init(writer: any DatabaseWriter, source: String = "ingest") throws {
        self.writer = writer
        outbox = Outbox(source: source)
        try Self.migrator.migrate(writer)
    }

    /// The service's migrations, in order; a shipped migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        migrator.registerMigration("ingest-1-stations") { db in
            try db.create(table: "station") { t in
                t.primaryKey("mn", .text)
                t.column("password", .text).notNull()
                t.column("name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("st", .text).notNull()
                t.column("longitude", .double)
                t.column("latitude", .double)
                t.column("county", .text)
                t.column("department", .text).notNull()
                t.column("timeZone", .text).notNull()
                t.column("enabled", .boolean).notNull()
                t.column("lenientOptions", .text).notNull().defaults(to: "")
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("ingest-2-packets") { db in
            try db.create(table: "rawPacket") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("connection", .text).notNull()
                t.column("peer", .text)
                t.column("receivedAt", .datetime).notNull()
                t.column("mn", .text)
                t.column("cn", .text)
                t.column("qn", .text)
                t.column("verdict", .text).notNull()
                t.column("reason", .text)
                t.column("message", .text)
                t.column("readings", .integer).notNull()
                t.column("bytes", .blob).notNull()
            }
            try db.create(index: "rawPacket_mn_receivedAt", on: "rawPacket", columns: ["mn", "receivedAt"])
            try db.create(table: "stationRestart") { t in
                t.column("station", .text).notNull()
                t.column("restartTime", .datetime).notNull()
                t.column("receivedAt", .datetime).notNull()
                t.primaryKey(["station", "restartTime"])
            }
        }
        migrator.registerMigration("ingest-3-readings") { db in
            try db.create(table: "reading") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("station", .text).notNull()
                t.column("factor", .text).notNull()
                t.column("periodKind", .text).notNull()
                t.column("periodStart", .datetime).notNull()
                t.column("statistic", .text).notNull()
                t.column("value", .text).notNull()
                t.column("unit", .text)
                t.column("flag", .text)
                t.column("source", .text).notNull()
                t.column("packetId", .integer)
                t.column("receivedAt", .datetime).notNull()
                t.column("revisionCount", .integer).notNull().defaults(to: 0)
                t.uniqueKey(["station", "factor", "periodKind", "periodStart", "statistic"])
            }
            try db.create(index: "reading_station_periodStart", on: "reading", columns: ["station", "periodStart"])
            try db.create(table: "readingRevision") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("readingId", .integer).notNull().references("reading", onDelete: .cascade)
                t.column("previousValue", .text).notNull()
                t.column("previousFlag", .text)
                t.column("value", .text).notNull()
                t.column("flag", .text)
                t.column("source", .text).notNull()
                t.column("packetId", .integer)
                t.column("revisedAt", .datetime).notNull()
            }
            try db.create(index: "readingRevision_readingId", on: "readingRevision", columns: ["readingId"])
        }
        migrator.registerMigration("ingest-4-reading-key-by-period") { db in
            // The unique key led with (station, factor), so the six or so readings of one upload
            // landed on as many index pages, each rewritten into the WAL at every commit. Led by
            // (station, periodKind, periodStart) an upload's readings sit side by side, and a
            // station's next upload extends the same page. SQLite cannot alter a table's UNIQUE
            // constraint, so the table is rebuilt (foreign keys are off while migrations run).
            try db.create(table: "reading_rebuilt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("station", .text).notNull()
                t.column("factor", .text).notNull()
                t.column("periodKind", .text).notNull()
                t.column("periodStart", .datetime).notNull()
                t.column("statistic", .text).notNull()
                t.column("value", .text).notNull()
                t.column("unit", .text)
                t.column("flag", .text)
                t.column("source", .text).notNull()
                t.column("packetId", .integer)
                t.column("receivedAt", .datetime).notNull()
                t.column("revisionCount", .integer).notNull().defaults(to: 0)
                t.uniqueKey(["station", "periodKind", "periodStart", "factor", "statistic"])
            }
            try db.execute(
                sql: """
                    INSERT INTO reading_rebuilt
                    (id, station, factor, periodKind, periodStart, statistic, value, unit, flag, source, packetId, receivedAt, revisionCount)
                    SELECT id, station, factor, periodKind, periodStart, statistic, value, unit, flag, source, packetId, receivedAt, revisionCount
                    FROM reading
                    """)
            try db.drop(table: "reading")
            try db.rename(table: "reading_rebuilt", to: "reading")
            try db.create(index: "reading_station_periodStart", on: "reading", columns: ["station", "periodStart"])
        }
        migrator.registerMigration("ingest-5-reading-one-station-index") { db in
            // The unique key (station, periodKind, periodStart, …) answers every query by station and
            // time, and the second index by (station, periodStart) only doubled the index pages each
            // upload dirties: one per station in each, scattered across the index, all rewritten into
            // the WAL at every commit. Without it ingest stores about a fifth more readings per second.
            try db.drop(index: "reading_station_periodStart")
        }
        migrator.registerMigration("ingest-6-refused-packet-index") { db in
            // A station's last refusal was found by reading back through all its packets. Refusals
            // are few, so an index of them alone costs nothing on the path of accepted packets.
            try db.execute(
                sql:
                    "CREATE INDEX rawPacket_refused_mn_receivedAt ON rawPacket (mn, receivedAt) WHERE verdict = 'refused'"
            )
        }
        return migrator
    }

    /// What the service does with the events it subscribes to.
    static var eventHandlers: EventHandlers {
        EventHandlers()
    }
}
