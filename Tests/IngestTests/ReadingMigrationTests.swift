import BusTesting
import Foundation
import GRDB
import Store
import Testing

@testable import Ingest

@Suite("Ingest store: rebuilding the reading table under a period-led key")
struct ReadingMigrationTests {
    @Test("readings and their revisions survive the rebuild, and the key still refuses duplicates")
    func rebuildKeepsData() throws {
        // Given a store at the schema before the rebuild, holding a revised reading
        let directory = try TemporaryDirectory(prefix: "greenheart-ingest-migration")
        defer { directory.remove() }
        let pool = try DatabaseOpener.openPool(directory: directory.url, name: "ingest")
        try IngestStore.migrator.migrate(pool, upTo: "ingest-3-readings")
        let start = Date(timeIntervalSince1970: 1_710_468_000)
        try pool.write { db in
            for (factor, value) in [("a34004", "40"), ("a34002", "71")] {
                try db.execute(
                    sql: """
                        INSERT INTO reading (station, factor, periodKind, periodStart, statistic, value, source, receivedAt, revisionCount)
                        VALUES ('M1', ?, 'hour', ?, 'Avg', ?, 'hj212', ?, 0)
                        """, arguments: [factor, start, value, start])
            }
            try db.execute(
                sql: """
                    INSERT INTO readingRevision (readingId, previousValue, value, source, revisedAt)
                    VALUES (1, '39', '40', 'hj212', ?)
                    """, arguments: [start])
        }
        // When the store opens and runs the remaining migrations
        let store = try IngestStore(writer: pool)
        // Then every reading and revision is there, with the same ids
        try store.writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, factor, value FROM reading ORDER BY id")
            #expect(rows.map { $0["factor"] as String } == ["a34004", "a34002"])
            #expect(rows.map { $0["id"] as Int64 } == [1, 2])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM readingRevision WHERE readingId = 1") == 1)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // And the unique key now leads with the period
            let keyColumns = try Index.uniqueColumns(db, table: "reading")
            #expect(keyColumns.contains(["station", "periodKind", "periodStart", "factor", "statistic"]))
            #expect(!keyColumns.contains(["station", "factor", "periodKind", "periodStart", "statistic"]))
            // And the key is the table's one index by station: the (station, periodStart) index is gone
            #expect(
                try db.indexes(on: "reading").map(\.columns) == [
                    ["station", "periodKind", "periodStart", "factor", "statistic"]
                ])
        }
        // And a second copy of a reading is refused by the key
        #expect(throws: DatabaseError.self) {
            try store.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO reading (station, factor, periodKind, periodStart, statistic, value, source, receivedAt)
                        VALUES ('M1', 'a34004', 'hour', ?, 'Avg', '41', 'hj212', ?)
                        """, arguments: [start, start])
            }
        }
    }
}

@Suite("Ingest store: readings are read through the unique key")
struct ReadingQueryPlanTests {
    /// SQLite's plan for the readings query, one line per step.
    private func plan(kind: PeriodKind?, factor: String?) throws -> [String] {
        let directory = try TemporaryDirectory(prefix: "greenheart-ingest-plan")
        defer { directory.remove() }
        let store = try IngestStore(writer: try DatabaseOpener.openPool(directory: directory.url, name: "ingest"))
        let from = Date(timeIntervalSince1970: 1_710_468_000)
        let request = IngestStore.readingsRequest(
            station: "M1", factor: factor, kind: kind, from: from, to: from.addingTimeInterval(86_400), limit: 100)
        return try store.writer.read { db in
            let statement = try request.makePreparedRequest(db).statement
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                .map { $0["detail"] as String }
        }
    }

    @Test("one period kind: a range of the key, in period order, never sorted whole", arguments: [nil, "a34004"])
    func oneKind(factor: String?) throws {
        let steps = try plan(kind: .hour, factor: factor)
        #expect(
            steps.contains {
                $0.contains(
                    "USING INDEX sqlite_autoindex_reading_1 (station=? AND periodKind=? AND periodStart>? AND periodStart<?)"
                )
            }, "\(steps)")
        // (with a factor SQLite still orders the readings of one period among themselves: "RIGHT PART")
        #expect(!steps.contains { $0.contains("USE TEMP B-TREE FOR ORDER BY") }, "\(steps)")
    }

    @Test("a station's last packet and last refusal come from the end of an index, never from a sort")
    func lastPackets() throws {
        let directory = try TemporaryDirectory(prefix: "greenheart-ingest-plan")
        defer { directory.remove() }
        let store = try IngestStore(writer: try DatabaseOpener.openPool(directory: directory.url, name: "ingest"))
        for (refusedOnly, index) in [(false, "rawPacket_mn_receivedAt"), (true, "rawPacket_refused_mn_receivedAt")] {
            let steps = try store.writer.read { db in
                let statement = try IngestStore.lastPacketRequest(mn: "M1", refusedOnly: refusedOnly)
                    .makePreparedRequest(db).statement
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments)
                    .map { $0["detail"] as String }
            }
            #expect(steps.contains { $0.contains("USING INDEX \(index) (mn=?)") }, "\(steps)")
            #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(steps)")
        }
    }

    @Test("every period kind: a range of the key per kind, never a scan of the station's history")
    func everyKind() throws {
        let steps = try plan(kind: nil, factor: nil)
        #expect(
            steps.contains {
                $0.contains(
                    "USING INDEX sqlite_autoindex_reading_1 (station=? AND periodKind=? AND periodStart>? AND periodStart<?)"
                )
            }, "\(steps)")
    }
}

private enum Index {
    /// The column lists of every unique index of `table`, in index order.
    static func uniqueColumns(_ db: Database, table: String) throws -> [[String]] {
        try db.indexes(on: table).filter(\.isUnique).map(\.columns)
    }
}

@Suite("Ingest store: many readings per insert statement")
struct ReadingBatchTests {
    @Test("a batch longer than one insert, with copies of a reading inside it, is told apart as a sequence would be")
    func copiesWithinABatch() async throws {
        let directory = try TemporaryDirectory(prefix: "greenheart-ingest-batch")
        defer { directory.remove() }
        let store = try IngestStore(writer: try DatabaseOpener.openPool(directory: directory.url, name: "ingest"))
        let station = NormalisationTests.station()
        let start = Date(timeIntervalSince1970: 1_710_468_000)
        func reading(_ hour: Int, _ value: String) -> ReadingInput {
            ReadingInput(
                factor: "a34004", periodKind: .hour, periodStart: start.addingTimeInterval(Double(hour) * 3600),
                statistic: "Avg", value: value, unit: "μg/m³", flag: "N")
        }
        // Given 40 hours in one batch (more than one insert statement holds), where hour 0 comes again
        // at position 35 with another value and hour 1 again at position 39 with the same value
        var inputs = (0..<38).map { reading($0, "\($0 + 10)") }
        inputs.insert(reading(0, "99"), at: 35)
        inputs.append(reading(1, "11.0"))
        // When they are recorded in one transaction
        let batch = inputs
        let outcomes = try await store.writer.write { db in
            try store.record(db, station: station, readings: batch, source: "json", packetId: nil, now: start)
        }
        // Then each reading's outcome is what storing them one by one would give
        var expected = Array(repeating: ReadingOutcome.stored, count: inputs.count)
        expected[35] = .revised
        expected[39] = .unchanged
        #expect(outcomes == expected)
        // And the store holds 38 readings, hour 0 with its correction and one revision
        let (readings, hourZero, revisions) = try await store.writer.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reading"),
                try String.fetchOne(db, sql: "SELECT value FROM reading WHERE periodStart = ?", arguments: [start]),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM readingRevision")
            )
        }
        #expect(readings == 38)
        #expect(hourZero == "99")
        #expect(revisions == 1)
    }
}
