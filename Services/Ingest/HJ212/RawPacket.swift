import Foundation
import GRDB

/// A packet (or refused run of bytes) exactly as received over TCP, with its verdict.
struct RawPacket: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// The table name.
    static let databaseTableName = "rawPacket"

    /// Row id.
    var id: Int64?
    /// The connection it came on (a per-process id).
    var connection: String
    /// The peer address.
    var peer: String?
    /// When it was received, UTC.
    var receivedAt: Date
    /// The MN it named, when it could be read.
    var mn: String?
    /// The CN it named, when it could be read.
    var cn: String?
    /// The QN it named, when present.
    var qn: String?
    /// `accepted` or `refused`.
    var verdict: String
    /// The refusal reason code, when refused.
    var reason: String?
    /// The refusal message, when refused.
    var message: String?
    /// How many readings it created or corrected.
    var readings: Int
    /// The bytes as received (at most 2,048 of them for a refused run of garbage).
    var bytes: Data

    /// Takes the id SQLite assigned.
    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
