import Bus
import Domain
import Foundation
import GRDB
import Store

/// The `emergency` service's one database: its schema and the bus tables, migrated on open.
struct EmergencyStore: Sendable {
    /// The database.
    let writer: any DatabaseWriter
    /// Writes `emergency.incident.*` events inside the store's transactions.
    let outbox: Outbox
    /// The current time (injectable: timers and deadlines use it).
    let now: @Sendable () -> Date

    /// Opens the store over `writer`, running every migration not yet applied and seeding the
    /// response plans of the reference where none exist.
    init(writer: any DatabaseWriter, source: String = "emergency", now: @escaping @Sendable () -> Date = { Date() })
        throws
    {
        self.writer = writer
        self.outbox = Outbox(source: source)
        self.now = now
        try Self.migrator.migrate(writer)
    }

    /// The service's migrations, in order; a shipped migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        migrator.registerMigration("emergency-1-incidents") { db in
            try db.create(table: "incident") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("type", .text).notNull()
                t.column("levelScheme", .text).notNull()
                t.column("level", .text).notNull()
                t.column("headline", .text).notNull()
                t.column("scopeKind", .text).notNull()
                t.column("scopeId", .text).notNull()
                t.column("scopeName", .text)
                t.column("county", .text)
                t.column("active", .boolean).notNull()
                t.column("acknowledged", .boolean).notNull()
                t.column("responding", .boolean).notNull()
                t.column("closed", .boolean).notNull()
                t.column("responsible", .text).notNull()
                t.column("informed", .text).notNull()
                t.column("assignee", .text)
                t.column("escalationStep", .integer).notNull()
                t.column("acknowledgeBy", .datetime)
                t.column("reportDueBy", .datetime)
                t.column("reportedAt", .datetime)
                t.column("reportOverdueAt", .datetime)
                t.column("openedAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("clearedAt", .datetime)
                t.column("acknowledgedAt", .datetime)
                t.column("acknowledgedBy", .text)
                t.column("closedAt", .datetime)
                t.column("closedBy", .text)
                t.column("summary", .text)
                // One open incident per type and scope; NULL once closed.
                t.column("openKey", .text).unique()
            }
            try db.create(index: "incident_acknowledgeBy", on: "incident", columns: ["acknowledgeBy"])
            try db.create(table: "incident_input") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("incidentId", .integer).notNull().references("incident", onDelete: .cascade)
                t.column("key", .text).notNull()
                t.column("source", .text).notNull()
                t.column("active", .boolean).notNull()
                t.column("detail", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("firstAt", .datetime).notNull()
                t.column("lastAt", .datetime).notNull()
                t.column("clearedAt", .datetime)
                t.uniqueKey(["incidentId", "key"])
            }
            try db.create(index: "incident_input_key", on: "incident_input", columns: ["key", "active"])
            try db.create(table: "incident_timeline") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("incidentId", .integer).notNull().references("incident", onDelete: .cascade)
                t.column("at", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("detail", .text)
            }
            try db.create(index: "incident_timeline_incident", on: "incident_timeline", columns: ["incidentId", "id"])
            try db.create(table: "response_plan") { t in
                t.primaryKey("type", .text)
                t.column("title", .text).notNull()
                t.column("levelScheme", .text).notNull()
                t.column("defaultLevel", .text).notNull()
                t.column("responsible", .text).notNull()
                t.column("informed", .text).notNull()
                t.column("escalation", .text).notNull()
                t.column("maxEscalations", .integer).notNull()
                t.column("acknowledgeSeconds", .text).notNull()
                t.column("reportSeconds", .text).notNull()
                t.column("instructions", .text).notNull()
                t.column("warningRules", .text)
                t.column("populationLevels", .text)
            }
            for plan in ResponsePlan.defaults { try plan.insert(db) }
            try db.create(table: "water_source") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("population", .integer).notNull()
                t.column("county", .text)
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "aqi_day") { t in
                t.column("city", .text).notNull()
                t.column("date", .text).notNull()
                t.column("aqi", .integer)
                t.column("forecast", .boolean).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["city", "date"])
            }
            try db.create(table: "offline_station") { t in
                t.primaryKey("stationId", .text)
                t.column("breachId", .text).notNull()
                t.column("since", .datetime).notNull()
            }
            try db.create(table: "suppressed_breach") { t in
                t.primaryKey("breachId", .text)
                t.column("stationId", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("openedAt", .datetime).notNull()
                t.column("active", .boolean).notNull()
            }
        }
        return migrator
    }

    /// What the service does with the events it subscribes to. A payload that does not decode
    /// throws, so the bus retries it and then dead-letters it where operators see it.
    var eventHandlers: EventHandlers {
        var handlers = EventHandlers()
        let store = self
        handlers.on("breach.opened") { event, db in
            try store.breachOpened(db, try event.decode(BreachEvent.self), at: event.envelope.time)
        }
        handlers.on("breach.cleared") { event, db in
            try store.breachCleared(db, try event.decode(BreachEvent.self), at: event.envelope.time)
        }
        handlers.on("aqi.city.daily") { event, db in
            try store.cityDailyAQI(db, try event.decode(CityDailyAQIEvent.self), at: event.envelope.time)
        }
        handlers.on("waste.anomaly.detected") { event, db in
            try store.wasteAnomaly(db, try event.decode(WasteAnomaly.self), resolved: false, at: event.envelope.time)
        }
        handlers.on("waste.anomaly.resolved") { event, db in
            try store.wasteAnomaly(db, try event.decode(WasteAnomaly.self), resolved: true, at: event.envelope.time)
        }
        return handlers
    }
}
