import Domain
import Foundation
import GRDB

/// One row of the station registry: a field device known by its MN, with the shared HJ 212 password.
struct Station: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// The table name.
    static let databaseTableName = "station"

    /// The device id (HJ 212 MN), opaque text.
    var mn: String
    /// The HJ 212 access password (PW); a shared secret compared on every packet, never returned by the API.
    var password: String
    /// A human name.
    var name: String
    /// What the station measures.
    var kind: StationKind
    /// The HJ 212 system code (ST) the device sends.
    var st: String
    /// Longitude (WGS 84), when known.
    var longitude: Double?
    /// Latitude (WGS 84), when known.
    var latitude: Double?
    /// The county (administrative division), when known.
    var county: String?
    /// The department that owns the station.
    var department: String
    /// The IANA time zone its DataTime values are in.
    var timeZone: String
    /// Whether packets from it are accepted.
    var enabled: Bool
    /// Lenient HJ 212 options allowed for this device, by stable name, comma-separated.
    var lenientOptions: String
    /// When the row was created (UTC).
    var createdAt: Date
    /// When the row was last changed (UTC).
    var updatedAt: Date

    /// The default time zone of HJ 212 local times.
    static let defaultTimeZone = "Asia/Shanghai"

    /// The lenient options as a set (unknown names are ignored; the API refuses them on the way in).
    var options: HJ212Options {
        HJ212Options(names: lenientOptionNames) ?? []
    }

    /// The lenient option names.
    var lenientOptionNames: [String] {
        lenientOptions.split(separator: ",").map(String.init).filter { !$0.isEmpty }
    }

    /// The station's time zone, falling back to Asia/Shanghai.
    var zone: TimeZone {
        TimeZone(identifier: timeZone) ?? HJ212LocalTime.defaultTimeZone
    }

    /// The topic its measurement events go to: `measurement.<kind>.<MN>`.
    var measurementTopic: String {
        "measurement.\(kind.rawValue).\(mn)"
    }
}
