import Bus
import Foundation
import GRDB
import Store

/// The payload of probe events: a counter and the wall time it was committed at.
struct ProbeTick: Codable {
    /// 1, 2, 3… across restarts of the probe publisher.
    var n: Int
    /// Unix time of the commit, for latency measurement.
    var enqueuedAt: Double
}

/// The probes' own SQLite files: the bus tables, plus an applied log on the subscriber side.
enum ProbeStore {
    /// Opens `<directory>/probe.sqlite` with the probe schema.
    static func open(directory: String) throws -> DatabasePool {
        let pool = try DatabaseOpener.openPool(directory: URL(fileURLWithPath: directory), name: "probe")
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        migrator.registerMigration("probe-1") { db in
            try db.create(table: "probe_applied") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("source", .text).notNull()
                t.column("sequence", .integer).notNull()
                t.column("n", .integer).notNull()
                t.column("enqueuedAt", .double).notNull()
                t.column("appliedAt", .double).notNull()
            }
        }
        try migrator.migrate(pool)
        return pool
    }
}
