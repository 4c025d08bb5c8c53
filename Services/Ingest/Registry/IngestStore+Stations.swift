import Foundation
import GRDB

/// Why a registry change was refused.
enum RegistryError: Error, Sendable, Equatable {
    /// A station with that MN already exists.
    case duplicate(String)
    /// No station has that MN.
    case notFound(String)
}

extension IngestStore {
    /// Every station, by MN.
    func stations() async throws -> [Station] {
        try await writer.read { try Station.order(Column("mn")).fetchAll($0) }
    }

    /// The station with `mn`, if any.
    func station(mn: String) async throws -> Station? {
        try await writer.read { try Station.fetchOne($0, key: mn) }
    }

    /// Adds a station; refuses a second one with the same MN.
    func createStation(_ station: Station) async throws {
        try await writer.write { db in
            guard try Station.fetchOne(db, key: station.mn) == nil else { throw RegistryError.duplicate(station.mn) }
            try station.insert(db)
        }
        stationCache.invalidate()
    }

    /// Replaces a station (made from the stored one by `change`); refuses an unknown MN.
    func updateStation(mn: String, _ change: @Sendable (Station) throws -> Station) async throws -> Station {
        defer { stationCache.invalidate() }
        return try await writer.write { db in
            guard let existing = try Station.fetchOne(db, key: mn) else { throw RegistryError.notFound(mn) }
            let updated = try change(existing)
            try updated.update(db)
            return updated
        }
    }

    /// Removes a station from the registry (its readings and packets stay); refuses an unknown MN.
    func deleteStation(mn: String) async throws {
        defer { stationCache.invalidate() }
        try await writer.write { db in
            guard try Station.deleteOne(db, key: mn) else { throw RegistryError.notFound(mn) }
        }
    }
}
