import Foundation
import GRDB

/// One correction of a stored reading: the values before and after.
struct ReadingRevision: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// The table name.
    static let databaseTableName = "readingRevision"

    /// Row id.
    var id: Int64?
    /// The reading corrected.
    var readingId: Int64
    /// The value before.
    var previousValue: String
    /// The flag before.
    var previousFlag: String?
    /// The value after.
    var value: String
    /// The flag after.
    var flag: String?
    /// How the correction arrived.
    var source: String
    /// The raw packet that carried it (HJ 212 only).
    var packetId: Int64?
    /// When it was received, UTC.
    var revisedAt: Date

    /// Takes the id SQLite assigned.
    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
