import Foundation
import GRDB

/// An incident, table `incident`: one per (type, scope) while open.
struct Incident: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "incident"
    /// Row id.
    var id: Int64?
    /// The incident type (a `response_plan` type).
    var type: String
    /// `sudden` or `warning`.
    var levelScheme: String
    /// The level now.
    var level: String
    /// One line for people.
    var headline: String
    /// Scope kind.
    var scopeKind: String
    /// Scope id.
    var scopeId: String
    /// Scope display name.
    var scopeName: String?
    /// County code, when known.
    var county: String?
    /// Whether any input is still active.
    var active: Bool
    /// Whether acknowledged.
    var acknowledged: Bool
    /// Whether a department declared it is responding.
    var responding: Bool
    /// Whether closed.
    var closed: Bool
    /// Departments that must act.
    var responsible: [String]
    /// Departments kept informed.
    var informed: [String]
    /// Who it is assigned to.
    var assignee: String?
    /// Escalations so far.
    var escalationStep: Int
    /// The acknowledgement deadline (the escalation timer), while unacknowledged.
    var acknowledgeBy: Date?
    /// The statutory initial report deadline, when one applies.
    var reportDueBy: Date?
    /// When the initial report was filed.
    var reportedAt: Date?
    /// When the report deadline passed unfiled.
    var reportOverdueAt: Date?
    /// When opened (UTC).
    var openedAt: Date
    /// Last change.
    var updatedAt: Date
    /// When every input cleared.
    var clearedAt: Date?
    /// When acknowledged.
    var acknowledgedAt: Date?
    /// Who acknowledged.
    var acknowledgedBy: String?
    /// When closed.
    var closedAt: Date?
    /// Who closed.
    var closedBy: String?
    /// The closing summary.
    var summary: String?
    /// `type|scopeKind|scopeId` while open, nil once closed (unique: one open incident per type and scope).
    var openKey: String?

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The correlation key of a type and scope.
    static func key(type: String, scopeKind: String, scopeId: String) -> String {
        "\(type)|\(scopeKind)|\(scopeId)"
    }
}

/// One input that fed an incident (a breach, an anomaly, a city's AQI episode), table `incident_input`.
struct IncidentInput: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "incident_input"
    /// Row id.
    var id: Int64?
    /// The incident.
    var incidentId: Int64
    /// `breach:<breachId>`, `anomaly:<id>` or `aqi:<city>`.
    var key: String
    /// `breach`, `anomaly` or `aqi`.
    var source: String
    /// Whether still active.
    var active: Bool
    /// A one-line description.
    var detail: String
    /// The last payload received for it (JSON).
    var payload: String
    /// First seen (event time, UTC).
    var firstAt: Date
    /// Last update (event time, UTC).
    var lastAt: Date
    /// When it cleared.
    var clearedAt: Date?

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One entry of an incident's timeline, table `incident_timeline`.
struct TimelineEntry: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "incident_timeline"
    /// Row id.
    var id: Int64?
    /// The incident.
    var incidentId: Int64
    /// When (UTC).
    var at: Date
    /// A department or `system`.
    var actor: String
    /// `opened`, `evidence`, `level`, `escalated`, `acknowledged`, `assigned`, `comment`, `responding`,
    /// `input_cleared`, `cleared`, `reactivated`, `suppressed`, `report_overdue`, `report`, `closed`.
    var action: String
    /// What exactly.
    var detail: String?

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A drinking-water source and the population it serves, table `water_source` (keyed by the breach
/// scope id: the section or station watching the source).
struct WaterSource: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "water_source"
    /// The scope id of the breaches about it.
    var id: String
    /// Its name.
    var name: String
    /// The population it serves.
    var population: Int
    /// County code, when known.
    var county: String?
    /// Last change (UTC).
    var updatedAt: Date
}

/// A city's daily AQI (observed or forecast), table `aqi_day`.
struct AQIDay: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "aqi_day"
    /// City code.
    var city: String
    /// Local date `YYYY-MM-DD`.
    var date: String
    /// The AQI, nil when not enough data.
    var aqi: Int?
    /// Whether a forecast.
    var forecast: Bool
    /// Last update (UTC).
    var updatedAt: Date
}

/// A station currently offline, table `offline_station`: its threshold breaches are suppressed.
struct OfflineStation: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "offline_station"
    /// Station MN.
    var stationId: String
    /// The offline breach.
    var breachId: String
    /// Since (UTC).
    var since: Date
}

/// A threshold breach suppressed because its station was offline, table `suppressed_breach`.
struct SuppressedBreach: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "suppressed_breach"
    /// The breach id.
    var breachId: String
    /// The station.
    var stationId: String
    /// Breach kind.
    var kind: String
    /// When the breach began (UTC).
    var openedAt: Date
    /// Whether the breach is still open.
    var active: Bool
}
