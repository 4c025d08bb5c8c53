import Foundation
import GRDB
import Store
import Testing

@Suite("Store: the WAL is copied back into the database off the writer")
struct WALCheckpointerTests {
    /// Writes the rows numbered `rows`, 1 KiB each, in one transaction each, so every commit appends WAL frames.
    private func fill(_ pool: DatabasePool, rows: Range<Int>) throws {
        let blob = Data(repeating: 0x5A, count: 1024)
        for index in rows {
            try pool.write { db in
                try db.execute(sql: "INSERT INTO filler (id, body) VALUES (?, ?)", arguments: [index, blob])
            }
        }
    }

    private func databaseBytes(_ pool: DatabasePool) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: pool.path)[.size] as? Int) ?? 0
    }

    @Test("the writer leaves the WAL alone below its backstop; the checkpointer copies it")
    func copiesTheLog() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("greenheart-checkpoint-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pool = try DatabaseOpener.openPool(directory: directory, name: "probe")
        try await pool.write { db in try db.execute(sql: "CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)") }
        #expect(
            try await pool.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") }
                == DatabaseOpener.autocheckpointPages)

        // Given some 600 pages committed, far below the writer's backstop
        try fill(pool, rows: 0..<2_000)
        let before = try databaseBytes(pool)
        try await Task.sleep(for: .milliseconds(200))
        // Then nothing has reached the database file yet: only a checkpoint writes it
        #expect(try databaseBytes(pool) == before)

        // When the checkpointer runs
        let checkpointer = WALCheckpointer(path: pool.path, interval: .milliseconds(20)) { what, error in
            Issue.record("\(what): \(error)")
        }
        let running = Task { await checkpointer.run() }
        defer { running.cancel() }
        // Then the rows reach the database file, while the writer keeps committing
        let deadline = ContinuousClock.now + .seconds(10)
        while try databaseBytes(pool) < before + 2_000 * 1024, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try databaseBytes(pool) >= before + 2_000 * 1024)
        try fill(pool, rows: 2_000..<2_010)
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM filler") } == 2_010)

        // And it stops when its task is cancelled
        running.cancel()
        await running.value
    }
}
