import Domain
import Foundation
import GRDB

/// How far a subscriber has accounted for a source: every event up to `sequence` was applied,
/// dead-lettered, or did not match the subscriber's topics.
public struct BusCursor: Codable, Sendable, FetchableRecord, PersistableRecord {
    /// The table's name.
    public static let databaseTableName = "bus_cursor"

    /// The publishing source.
    public var source: String
    /// The last sequence accounted for.
    public var sequence: Int64
    /// When the cursor last moved (UTC).
    public var updatedAt: Date

    /// Makes a cursor row.
    public init(source: String, sequence: Int64, updatedAt: Date) {
        self.source = source
        self.sequence = sequence
        self.updatedAt = updatedAt
    }

    /// The cursor of `source`, 0 when nothing was seen yet.
    public static func position(_ db: Database, source: String) throws -> Int64 {
        // Cached statements: both run in every transaction a subscriber applies.
        let statement = try db.cachedStatement(sql: "SELECT sequence FROM \(databaseTableName) WHERE source = ?")
        return try Int64.fetchOne(statement, arguments: [source]) ?? 0
    }

    /// Moves the cursor of `source` to `sequence`.
    public static func advance(_ db: Database, source: String, to sequence: Int64, at now: Date = Date()) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO \(databaseTableName) (source, sequence, updatedAt) VALUES (?, ?, ?)
                ON CONFLICT (source) DO UPDATE SET sequence = excluded.sequence, updatedAt = excluded.updatedAt
                """)
        try statement.execute(arguments: [source, sequence, BusTime.formatDatabase(now)])
    }
}
