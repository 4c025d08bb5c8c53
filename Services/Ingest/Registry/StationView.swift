import Foundation

/// A station as the API returns it: everything but the password.
struct StationView: Codable, Sendable, Equatable {
    /// The device id (MN).
    var mn: String
    /// A human name.
    var name: String
    /// What the station measures.
    var kind: StationKind
    /// The HJ 212 system code.
    var st: String
    /// Longitude.
    var longitude: Double?
    /// Latitude.
    var latitude: Double?
    /// County.
    var county: String?
    /// Owning department.
    var department: String
    /// IANA time zone of its local times.
    var timeZone: String
    /// Whether packets are accepted.
    var enabled: Bool
    /// Lenient HJ 212 options allowed, by name.
    var lenient: [String]
    /// Creation time (UTC).
    var createdAt: Date
    /// Last change (UTC).
    var updatedAt: Date

    /// The public view of `station`.
    init(_ station: Station) {
        mn = station.mn
        name = station.name
        kind = station.kind
        st = station.st
        longitude = station.longitude
        latitude = station.latitude
        county = station.county
        department = station.department
        timeZone = station.timeZone
        enabled = station.enabled
        lenient = station.lenientOptionNames
        createdAt = station.createdAt
        updatedAt = station.updatedAt
    }
}
