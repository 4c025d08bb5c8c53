import Foundation
import GRDB

extension IngestStore {
    /// Stores checked rows of any stations in one transaction; returns the outcome by row index.
    func record(
        rows: [(index: Int, station: Station, input: ReadingInput)], source: String, now: Date
    ) async throws -> [(Int, ReadingOutcome)] {
        guard !rows.isEmpty else { return [] }
        return try await writer.write { db in
            var outcomes: [(Int, ReadingOutcome)] = []
            var order: [String] = []
            var grouped: [String: [(index: Int, station: Station, input: ReadingInput)]] = [:]
            for row in rows {
                if grouped[row.station.mn] == nil { order.append(row.station.mn) }
                grouped[row.station.mn, default: []].append(row)
            }
            for mn in order {
                guard let group = grouped[mn], let station = group.first?.station else { continue }
                let results = try record(
                    db, station: station, readings: group.map(\.input), source: source, packetId: nil, now: now)
                outcomes += zip(group.map(\.index), results).map { ($0, $1) }
            }
            return outcomes
        }
    }
}
