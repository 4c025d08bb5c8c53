import Foundation
import GRDB

/// A stored reading, unique by (station, factor, period kind, period start, statistic).
struct Reading: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// The table name.
    static let databaseTableName = "reading"

    /// Row id.
    var id: Int64?
    /// The station MN.
    var station: String
    /// The 2017 factor code.
    var factor: String
    /// What span the value covers.
    var periodKind: String
    /// The start of the span, UTC.
    var periodStart: Date
    /// The statistic (`Rtd`, `Avg`, …).
    var statistic: String
    /// The current value, exact decimal text.
    var value: String
    /// The unit, when known.
    var unit: String?
    /// The data flag, when sent.
    var flag: String?
    /// How it arrived: `hj212`, `json` or `csv`.
    var source: String
    /// The raw packet that carried it (HJ 212 only).
    var packetId: Int64?
    /// When it was first received, UTC.
    var receivedAt: Date
    /// How many times it was corrected.
    var revisionCount: Int

    /// Takes the id SQLite assigned.
    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
