import ArgumentParser
import Foundation
import GRDBSQLite

/// `greenheart bench sqlite`: the raw SQLite insert rate on this machine, through the C API.
struct SQLiteBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlite", abstract: "Raw SQLite insert rate (C API, WAL, synchronous=NORMAL).")

    @Option(help: "Rows to insert.")
    var rows = 50_000

    @Option(help: "Rows per transaction (1 = one commit per row, as the durable bus path commits).")
    var batch = 1

    @Option(help: "WAL pages past which a commit checkpoints (SQLite's default is 1000; the services use 10000).")
    var autocheckpoint = 1_000

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "greenheart-sqlite-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var db: OpaquePointer?
        guard sqlite3_open(directory.appendingPathComponent("raw.sqlite").path, &db) == SQLITE_OK, let db else {
            throw BenchError("sqlite3_open failed")
        }
        defer { sqlite3_close(db) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
                throw BenchError("\(sql): \(String(cString: sqlite3_errmsg(db)))")
            }
        }
        try exec("PRAGMA journal_mode=WAL")
        try exec("PRAGMA synchronous=NORMAL")
        try exec("PRAGMA wal_autocheckpoint=\(autocheckpoint)")
        try exec("CREATE TABLE t (id INTEGER PRIMARY KEY, topic TEXT NOT NULL, body BLOB NOT NULL)")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO t (topic, body) VALUES (?, ?)", -1, &statement, nil) == SQLITE_OK,
            let statement
        else { throw BenchError("prepare failed") }
        defer { sqlite3_finalize(statement) }
        // A body the size of a typical envelope plus payload.
        let body = [UInt8](repeating: 0x61, count: 300)
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            var inserted = 0
            while inserted < rows {
                try exec("BEGIN")
                for _ in 0..<min(batch, rows - inserted) {
                    sqlite3_bind_text(statement, 1, "probe.tick", -1, nil)
                    _ = body.withUnsafeBytes { sqlite3_bind_blob(statement, 2, $0.baseAddress, Int32($0.count), nil) }
                    guard sqlite3_step(statement) == SQLITE_DONE else { throw BenchError("insert failed") }
                    sqlite3_reset(statement)
                    inserted += 1
                }
                try exec("COMMIT")
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "sqlite raw: \(rows) rows of ~300 bytes, \(batch) per transaction, WAL synchronous=NORMAL, "
                + "autocheckpoint \(autocheckpoint) pages")
        print("  \(formatRate(Double(rows) / seconds)) inserts/s")
    }
}
