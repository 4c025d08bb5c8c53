import Domain
import Foundation
import GRDB
import Store
import Testing

@Suite("Store: opening a service's database")
struct DatabaseOpenerTests {
    @Test(
        "a pool is a WAL file in the data directory, with the chosen durability",
        arguments: [
            (DatabaseOpener.Durability.normal, 1), (.full, 2),
        ])
    func walAndDurability(durability: DatabaseOpener.Durability, synchronous: Int) throws {
        // Given an empty directory that does not exist yet
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("greenheart-store-\(UUID().uuidString.prefix(8))/nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        // When the store is opened
        let pool = try DatabaseOpener.openPool(directory: directory, name: "ingest", durability: durability)
        // Then the file is there, in WAL mode, with the synchronous level asked for, foreign keys on
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("ingest.sqlite").path))
        let (mode, level, foreignKeys) = try pool.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(mode == "wal")
        #expect(level == synchronous)
        #expect(foreignKeys == 1)
    }

    @Test("the bus migrations are idempotent and create the shared tables")
    func busMigrations() throws {
        let queue = try DatabaseOpener.openInMemory()
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        try migrator.migrate(queue)
        try migrator.migrate(queue)
        let tables = ["bus_outbox", "bus_outbox_state", "bus_inbox", "bus_cursor", "bus_dead_letter"]
        let existing = try queue.read { db in try tables.filter { try db.tableExists($0) } }
        #expect(existing == tables)
        #expect(try queue.read { try OutboxState.fetch($0).lastSequence } == 0)
    }
}

@Suite("Store: dates as the bus tables store them")
struct DatabaseDateTextTests {
    @Test(
        "BusTime.formatDatabase writes exactly the text GRDB stores for a Date",
        arguments: [0.0, 951_782_400.5, 1_772_323_199.999, 1_764_393_159.123, -86_400.25])
    func sameTextAsGRDB(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let grdb = try #require(String.fromDatabaseValue(date.databaseValue))
        #expect(BusTime.formatDatabase(date) == grdb)
    }
}
