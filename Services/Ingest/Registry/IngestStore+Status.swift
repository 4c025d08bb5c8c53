import Foundation
import GRDB

extension IngestStore {
    /// The status of station `mn`, or nil when it is not registered.
    func status(mn: String, connections: Int, now: Date) async throws -> StationStatus? {
        try await writer.read { db in
            guard let station = try Station.fetchOne(db, key: mn) else { return nil }
            let last = try Self.lastPacketRequest(mn: mn, refusedOnly: false).fetchOne(db)
            let error = try Self.lastPacketRequest(mn: mn, refusedOnly: true).fetchOne(db)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = station.zone
            let midnight = calendar.startOfDay(for: now)
            let today = try RawPacket.filter(Column("mn") == mn && Column("receivedAt") >= midnight).fetchCount(db)
            let restart = try Date.fetchOne(
                db, sql: "SELECT MAX(restartTime) FROM stationRestart WHERE station = ?", arguments: [mn])
            let hourStart = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
            let windowStart = hourStart.addingTimeInterval(-24 * 3600)
            let hours =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT periodStart) FROM reading
                        WHERE station = ? AND periodKind = 'hour' AND periodStart >= ? AND periodStart < ?
                        """, arguments: [mn, windowStart, hourStart]) ?? 0
            return StationStatus(
                mn: mn, connectedNow: connections > 0, connections: connections,
                lastPacket: last.map {
                    StationStatus.LastPacket(receivedAt: $0.receivedAt, cn: $0.cn, verdict: $0.verdict)
                },
                lastError: error.map {
                    StationStatus.LastError(receivedAt: $0.receivedAt, reason: $0.reason ?? "", message: $0.message)
                },
                packetsToday: today, lastRestart: restart, hoursReceivedLast24: hours, completeness: Double(hours) / 24)
        }
    }

    /// The newest packet of station `mn` (only refused ones when `refusedOnly`), found at the end of
    /// the (mn, receivedAt) index — or of its partial twin for refusals — without sorting the
    /// station's history.
    static func lastPacketRequest(mn: String, refusedOnly: Bool) -> QueryInterfaceRequest<RawPacket> {
        var request = RawPacket.filter(Column("mn") == mn)
        if refusedOnly { request = request.filter(Column("verdict") == "refused") }
        return request.order(Column("receivedAt").desc, Column("id").desc).limit(1)
    }
}
