import Foundation
import GRDB

/// Opens a service's one SQLite file: WAL through a `DatabasePool`, opened once per process.
public enum DatabaseOpener {
    /// How hard SQLite syncs on commit.
    public enum Durability: String, Sendable {
        /// `synchronous=NORMAL` with WAL: a commit survives a crash or kill of the process.
        case normal
        /// `synchronous=FULL`: a commit also survives power loss, at the cost of an fsync each.
        case full
    }

    /// WAL pages past which a commit checkpoints on the writer's own connection.
    public static let autocheckpointPages = 10_000

    /// Opens (creating the directory and file if needed) `<directory>/<name>.sqlite` as a pool.
    public static func openPool(
        directory: URL,
        name: String,
        durability: Durability = .normal
    ) throws -> DatabasePool {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("\(name).sqlite").path
        return try DatabasePool(path: path, configuration: configuration(durability: durability))
    }

    /// The GRDB configuration every service uses.
    public static func configuration(durability: Durability = .normal) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Writers wait for each other instead of failing with SQLITE_BUSY.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            // 32 MiB of page cache (SQLite's default is 2 MiB): a service's working set — the recent
            // pages of its busiest tables and their indexes — then stays in memory instead of being
            // read back from the WAL on every transaction.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // Statement journals (what a savepoint or a failing statement rolls back to) stay in
            // memory instead of spilling to temporary files with a write per page.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // The writer copies the WAL back into the database inside a commit only past this many
            // pages (40 MiB; SQLite's default is 1,000). Services copy it sooner from a connection
            // of their own (`WALCheckpointer`), so this is the backstop; and a page written many
            // times between two copies is copied once.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(autocheckpointPages)")
        }
        return configuration
    }

    /// An in-memory database queue for tests that do not need WAL.
    public static func openInMemory() throws -> DatabaseQueue {
        try DatabaseQueue(configuration: configuration())
    }
}
