import Bus
import Domain
import Foundation
import GRDB
import Store

/// The `notifier` service's one database: the directory, the delivery queue, its attempt log and the
/// bus tables, migrated on open.
struct NotifierStore: Sendable {
    /// The database.
    let writer: any DatabaseWriter
    /// Writes `notification.*` events inside the store's transactions.
    let outbox: Outbox
    /// The current time (injectable: the queue's due times use it).
    let now: @Sendable () -> Date
    /// How messages link back: acknowledgement links and CAP documents.
    let links: MessageLinks

    /// Opens the store over `writer`, running every migration not yet applied.
    init(
        writer: any DatabaseWriter, source: String = "notifier", links: MessageLinks = MessageLinks(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.writer = writer
        self.outbox = Outbox(source: source)
        self.links = links
        self.now = now
        try Self.migrator.migrate(writer)
    }

    /// The service's migrations, in order; a shipped migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        migrator.registerMigration("notifier-1-directory") { db in
            try db.create(table: "department") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
            }
            try db.create(table: "contact") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("departmentId", .text).notNull().references("department", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("role", .text)
                t.column("phone", .text)
                t.column("email", .text)
            }
            try db.create(table: "channel") { t in
                t.primaryKey("id", .text)
                t.column("departmentId", .text).notNull().references("department", onDelete: .cascade)
                t.column("kind", .text).notNull()
                t.column("target", .text).notNull()
                t.column("secret", .text)
            }
            try db.create(table: "subscription") { t in
                t.primaryKey("id", .text)
                t.column("departmentId", .text).notNull().references("department", onDelete: .cascade)
                t.column("channelId", .text).notNull().references("channel", onDelete: .cascade)
                t.column("topicPrefix", .text).notNull()
                t.column("types", .text).notNull()
                t.column("levels", .text).notNull()
                t.column("counties", .text).notNull()
            }
        }
        migrator.registerMigration("notifier-2-deliveries") { db in
            try db.create(table: "delivery") { t in
                t.autoIncrementedPrimaryKey("id")
                // One per (notification, recipient, channel); receivers dedupe on it.
                t.column("idempotencyKey", .text).notNull().unique()
                t.column("notificationId", .text).notNull()
                t.column("topic", .text).notNull()
                t.column("incidentId", .integer)
                t.column("departmentId", .text).notNull()
                t.column("channelId", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("target", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("state", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("lastError", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
            }
            try db.create(index: "delivery_due", on: "delivery", columns: ["state", "nextAttemptAt"])
            try db.create(table: "delivery_attempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("deliveryId", .integer).notNull().references("delivery", onDelete: .cascade)
                t.column("at", .datetime).notNull()
                t.column("outcome", .text).notNull()
                t.column("status", .integer)
                t.column("detail", .text)
            }
            try db.create(index: "delivery_attempt_delivery", on: "delivery_attempt", columns: ["deliveryId"])
        }
        migrator.registerMigration("notifier-3-cap") { db in
            try db.create(table: "cap_alert") { t in
                t.primaryKey("identifier", .text)
                t.column("incidentId", .integer).notNull()
                t.column("msgType", .text).notNull()
                t.column("sent", .datetime).notNull()
                t.column("headline", .text).notNull()
                t.column("xml", .text).notNull()
            }
            try db.create(index: "cap_alert_incident", on: "cap_alert", columns: ["incidentId", "sent"])
        }
        migrator.registerMigration("notifier-4-quiet-hours") { db in
            try db.alter(table: "department") { t in
                t.add(column: "quietStart", .text)
                t.add(column: "quietEnd", .text)
                t.add(column: "quietTimeZone", .text)
            }
        }
        migrator.registerMigration("notifier-5-group-wait") { db in
            try db.alter(table: "subscription") { t in
                t.add(column: "groupWaitSeconds", .integer).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("notifier-6-routing") { db in
            try db.alter(table: "subscription") { t in
                t.add(column: "position", .integer).notNull().defaults(to: 0)
                t.add(column: "groupIntervalSeconds", .integer).notNull().defaults(to: 0)
                t.add(column: "repeatIntervalSeconds", .integer).notNull().defaults(to: 0)
                t.add(column: "continues", .boolean).notNull().defaults(to: true)
                // JSON array of duty windows; empty array = always.
                t.add(column: "dutyWindows", .text).notNull().defaults(to: "[]")
            }
            try db.alter(table: "delivery") { t in
                // `incident.<id>` or, for other topics, `topic.<topic>`: what grouping folds together.
                t.add(column: "groupKey", .text)
                t.add(column: "subscriptionId", .text)
            }
            try db.create(index: "delivery_group", on: "delivery", columns: ["departmentId", "channelId", "groupKey"])
            // One row per (department, channel, group): the latest message, when the group was last
            // notified and whether its incident is still unresolved (for group interval and repeats).
            try db.create(table: "notification_group") { t in
                t.column("departmentId", .text).notNull()
                t.column("channelId", .text).notNull()
                t.column("groupKey", .text).notNull()
                t.primaryKey(["departmentId", "channelId", "groupKey"])
                t.column("subscriptionId", .text).notNull()
                t.column("incidentId", .integer)
                t.column("urgent", .boolean).notNull()
                t.column("unresolved", .boolean).notNull()
                t.column("body", .blob).notNull()
                t.column("lastNotificationId", .text).notNull()
                t.column("lastNotifiedAt", .datetime).notNull()
                t.column("repeats", .integer).notNull().defaults(to: 0)
            }
        }
        return migrator
    }

    /// What the service does with the events it subscribes to: every incident action enqueues
    /// deliveries to the subscribed channels of the departments that must hear about it.
    var eventHandlers: EventHandlers {
        var handlers = EventHandlers()
        let store = self
        for action in IncidentEvent.Action.allCases {
            handlers.on("emergency.incident.\(action.rawValue)") { event, db in
                try store.enqueue(db, event: event)
            }
        }
        // Any other topic the service subscribes to (`waste.`, `breach.`…) is routed by topic to the
        // departments whose subscriptions ask for it.
        handlers.otherwise { event, db in
            try store.enqueue(db, event: event)
        }
        return handlers
    }
}
