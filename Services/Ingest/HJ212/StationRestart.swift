import Foundation
import GRDB

/// A logger power-on notice (CN 2081) from a station.
struct StationRestart: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// The table name.
    static let databaseTableName = "stationRestart"

    /// The station MN.
    var station: String
    /// The power-on time the device reported, UTC.
    var restartTime: Date
    /// When the notice was received, UTC.
    var receivedAt: Date
}
