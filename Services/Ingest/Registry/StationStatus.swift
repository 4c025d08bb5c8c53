import Foundation
import GRDB

/// `GET /v1/stations/{mn}/status`: how a station's link and data look now.
struct StationStatus: Codable, Sendable {
    /// The last packet received, whatever its verdict.
    struct LastPacket: Codable, Sendable {
        /// When, UTC.
        var receivedAt: Date
        /// Its CN.
        var cn: String?
        /// `accepted` or `refused`.
        var verdict: String
    }

    /// The last refusal of a packet naming the station (for a damaged frame, the MN it claims).
    struct LastError: Codable, Sendable {
        /// When, UTC.
        var receivedAt: Date
        /// The reason code.
        var reason: String
        /// The message.
        var message: String?
    }

    /// The station MN.
    var mn: String
    /// Whether the station has an open connection that sent an accepted packet.
    var connectedNow: Bool
    /// How many such connections.
    var connections: Int
    /// The last packet.
    var lastPacket: LastPacket?
    /// The last refusal.
    var lastError: LastError?
    /// Packets (any verdict) since local midnight in the station's time zone.
    var packetsToday: Int
    /// The last reported logger power-on time, UTC.
    var lastRestart: Date?
    /// Hours of the last 24 (ending at the current hour's start) with hourly data.
    var hoursReceivedLast24: Int
    /// `hoursReceivedLast24 / 24`.
    var completeness: Double
}
