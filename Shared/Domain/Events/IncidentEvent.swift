import Foundation

/// Payload of every `emergency.incident.<action>` event (emergency → notifier and any department).
///
/// Topic `emergency.incident.<action>` with action `opened`, `updated`, `escalated`, `acknowledged`,
/// `cleared` or `closed`; event type `emergency.incident.<action>`, version 1; event time = when the
/// change happened (UTC). Each event carries the whole incident as it is after the change, plus who must
/// hear about this change (`recipients`), so a notifier needs nothing else.
public struct IncidentEvent: Codable, Sendable, Equatable {
    /// What happened to the incident.
    public enum Action: String, Codable, Sendable, CaseIterable {
        /// A new incident.
        case opened
        /// Level raised or changed, re-activated, more departments informed, assigned, responding, or the
        /// statutory initial report overdue (`note` says which).
        case updated
        /// Unacknowledged past its deadline: the next department in the plan must hear.
        case escalated
        /// A responsible department acknowledged it; escalation stops.
        case acknowledged
        /// Every input that fed it has cleared (closing stays a human act).
        case cleared
        /// Closed by a department with a summary.
        case closed
    }

    /// Where the incident is.
    public struct Scope: Codable, Sendable, Equatable {
        /// `station`, `group`, `section`, `county`, `city` or `manifest`.
        public var kind: String
        /// The scope's id (station MN, section id, county or city code, manifest number).
        public var id: String
        /// A display name, when known.
        public var name: String?
        /// The 6-digit county code, when known.
        public var county: String?

        /// Makes a scope.
        public init(kind: String, id: String, name: String? = nil, county: String? = nil) {
            self.kind = kind
            self.id = id
            self.name = name
            self.county = county
        }
    }

    /// A monitoring station behind the incident, with its location (WGS 84).
    public struct Station: Codable, Sendable, Equatable {
        /// The station's id (MN).
        public var id: String
        /// A display name, when known.
        public var name: String?
        /// Latitude, degrees north (−90…90).
        public var latitude: Double
        /// Longitude, degrees east (−180…180).
        public var longitude: Double

        /// Makes a station.
        public init(id: String, name: String? = nil, latitude: Double, longitude: Double) {
            self.id = id
            self.name = name
            self.latitude = latitude
            self.longitude = longitude
        }
    }

    /// A link to a resource of the emergency API.
    public struct Link: Codable, Sendable, Equatable {
        /// The relation, e.g. `incident`, `timeline`, `acknowledge`.
        public var rel: String
        /// A path relative to the emergency service's base URL, e.g. `/v1/incidents/12`.
        public var href: String

        /// Makes a link.
        public init(rel: String, href: String) {
            self.rel = rel
            self.href = href
        }
    }

    /// The change this event reports.
    public var action: Action
    /// The incident's id in the emergency service.
    public var incidentId: Int64
    /// `heavy_pollution`, `drinking_water_source`, `emission_exceedance`, `facility_off`,
    /// `station_offline`, `waste_anomaly`, `tailings_pond` or `manual`.
    public var type: String
    /// The level now: `I`–`IV` (sudden environmental incident) or `blue`/`yellow`/`orange`/`red`
    /// (heavy-pollution weather warning).
    public var level: String
    /// The level before, when this change raised or lowered it.
    public var previousLevel: String?
    /// `sudden` (I–IV) or `warning` (colours).
    public var levelScheme: String
    /// One line for a pager or SMS.
    public var headline: String
    /// What the recipients must do, from the response plan.
    public var instructions: String
    /// Where.
    public var scope: Scope
    /// Whether any input is still active (false once every input cleared).
    public var active: Bool
    /// Whether a responsible department acknowledged it.
    public var acknowledged: Bool
    /// Whether a responsible department declared it is responding.
    public var responding: Bool
    /// Whether it is closed.
    public var closed: Bool
    /// Departments that must act (may acknowledge, assign, close).
    public var responsible: [String]
    /// Departments kept informed.
    public var informed: [String]
    /// The departments that must hear about this particular change.
    public var recipients: [String]
    /// How many times it escalated so far.
    public var escalationStep: Int
    /// The person or team it is assigned to.
    public var assignee: String?
    /// Who made the change: a department, or `system`.
    public var actor: String
    /// The comment, reason or closing summary that came with the change.
    public var note: String?
    /// When it must be acknowledged by, while unacknowledged (UTC).
    public var acknowledgeBy: Date?
    /// When the statutory initial report is due, while not yet filed (UTC).
    public var reportDueBy: Date?
    /// When it was opened (UTC).
    public var openedAt: Date
    /// When this change happened (UTC).
    public var at: Date
    /// How many inputs (breaches, anomalies, AQI days) fed it.
    public var evidenceCount: Int
    /// Links into the emergency API.
    public var links: [Link]
    /// The stations whose measurements fed the incident and whose location emergency knows; absent
    /// (not empty) in events of publishers that predate the field, so readers treat nil as "unknown".
    public var stations: [Station]?

    /// Makes a payload.
    public init(
        action: Action, incidentId: Int64, type: String, level: String, previousLevel: String?, levelScheme: String,
        headline: String, instructions: String, scope: Scope, active: Bool, acknowledged: Bool, responding: Bool,
        closed: Bool, responsible: [String], informed: [String], recipients: [String], escalationStep: Int,
        assignee: String?, actor: String, note: String?, acknowledgeBy: Date?, reportDueBy: Date?, openedAt: Date,
        at: Date, evidenceCount: Int, links: [Link], stations: [Station]? = nil
    ) {
        self.action = action
        self.incidentId = incidentId
        self.type = type
        self.level = level
        self.previousLevel = previousLevel
        self.levelScheme = levelScheme
        self.headline = headline
        self.instructions = instructions
        self.scope = scope
        self.active = active
        self.acknowledged = acknowledged
        self.responding = responding
        self.closed = closed
        self.responsible = responsible
        self.informed = informed
        self.recipients = recipients
        self.escalationStep = escalationStep
        self.assignee = assignee
        self.actor = actor
        self.note = note
        self.acknowledgeBy = acknowledgeBy
        self.reportDueBy = reportDueBy
        self.openedAt = openedAt
        self.at = at
        self.evidenceCount = evidenceCount
        self.links = links
        self.stations = stations
    }

    /// The topic of this event, `emergency.incident.<action>`.
    public var topic: String { "emergency.incident." + action.rawValue }

    /// The event type of this event, `emergency.incident.<action>` v1.
    public var eventType: EventType { EventType("emergency.incident." + action.rawValue) }
}

extension IncidentEvent {
    /// The level as people read it in Chinese: `黄色预警` for a warning colour, `Ⅲ级（较大）` for a
    /// sudden-incident grade, the level itself followed by 级 for anything else.
    public var levelChineseName: String { Self.chineseName(level: level) }

    /// The Chinese reading of a level code.
    public static func chineseName(level: String) -> String {
        switch level {
        case "blue": "蓝色预警"
        case "yellow": "黄色预警"
        case "orange": "橙色预警"
        case "red": "红色预警"
        case "I": "Ⅰ级（特别重大）"
        case "II": "Ⅱ级（重大）"
        case "III": "Ⅲ级（较大）"
        case "IV": "Ⅳ级（一般）"
        default: level + "级"
        }
    }
}
