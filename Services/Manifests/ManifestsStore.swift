import Bus
import Foundation
import GRDB
import Store

/// The `manifests` service's one database: its schema and the bus tables, migrated on open.
///
/// Every public method is one transaction that keeps one invariant; the events a change causes are
/// written to the outbox in that same transaction.
struct ManifestsStore: Sendable {
    /// The database.
    let writer: any DatabaseWriter
    /// Writes events inside the store's transactions.
    let outbox: Outbox
    /// The hazardous waste list.
    let catalogue: WasteCatalogue
    /// Working days, for the confirmation deadline.
    let calendar: WorkingDayCalendar
    /// Tolerances, deadlines and limits.
    let rules: LifecycleRules

    /// Opens the store over `writer`, running every migration not yet applied.
    init(
        writer: any DatabaseWriter,
        source: String = "manifests",
        catalogue: WasteCatalogue? = nil,
        calendar: WorkingDayCalendar? = nil,
        rules: LifecycleRules = LifecycleRules()
    ) throws {
        self.writer = writer
        self.outbox = Outbox(source: source)
        self.catalogue = try catalogue ?? WasteCatalogue.bundled()
        self.calendar = try calendar ?? WorkingDayCalendar.bundled()
        self.rules = rules
        try Self.migrator.migrate(writer)
    }

    /// The service's migrations, in order; a shipped migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        migrator.registerMigration("manifests-1-registry") { db in
            try db.create(table: "enterprise") { t in
                t.primaryKey("uscc", .text)
                t.column("name", .text).notNull()
                t.column("county", .text).notNull()
                t.column("roles", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "receiverLicence") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("uscc", .text).notNull().indexed().references("enterprise")
                t.column("number", .text).notNull()
                t.column("validFrom", .text).notNull()
                t.column("validUntil", .text).notNull()
                t.column("annualCapacityTonnes", .text).notNull()
                t.column("permittedCodes", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "carrierLicence") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("uscc", .text).notNull().indexed().references("enterprise")
                t.column("number", .text).notNull()
                t.column("validFrom", .text).notNull()
                t.column("validUntil", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "vehicle") { t in
                t.primaryKey("plate", .text)
                t.column("carrierUscc", .text).notNull().indexed().references("enterprise")
                t.column("permitNumber", .text).notNull()
                t.column("validUntil", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "annualPlan") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("consignorUscc", .text).notNull().references("enterprise")
                t.column("year", .integer).notNull()
                t.column("code", .text).notNull()
                t.column("quantityTonnes", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["consignorUscc", "year", "code"], onConflict: .replace)
            }
        }
        migrator.registerMigration("manifests-2-manifests") { db in
            try db.create(table: "manifestSerial") { t in
                t.primaryKey("prefix", .text)
                t.column("last", .integer).notNull()
            }
            try db.create(table: "manifest") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("number", .text).notNull().unique()
                t.column("kind", .text).notNull()
                t.column("parentNumber", .text)
                t.column("state", .text).notNull().indexed()
                t.column("version", .integer).notNull()
                t.column("consignorUscc", .text).notNull().indexed().references("enterprise")
                t.column("carrierUscc", .text).notNull().indexed().references("enterprise")
                t.column("receiverUscc", .text).notNull().indexed().references("enterprise")
                t.column("consignorCounty", .text).notNull()
                t.column("receiverCounty", .text).notNull()
                t.column("vehiclePlate", .text)
                t.column("driver", .text)
                t.column("reference", .text)
                t.column("medical", .boolean).notNull()
                t.column("disposalDeadline", .datetime)
                t.column("createdAt", .datetime).notNull().indexed()
                t.column("submittedAt", .datetime)
                t.column("pickedUpAt", .datetime)
                t.column("receivedAt", .datetime)
                t.column("completedAt", .datetime)
                t.column("closedAt", .datetime)
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["consignorUscc", "reference"])
            }
            try db.create(table: "manifestLine") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("manifestId", .integer).notNull().indexed().references("manifest")
                t.column("lineNo", .integer).notNull()
                t.column("code", .text).notNull().indexed()
                t.column("category", .text).notNull()
                t.column("name", .text).notNull()
                t.column("form", .text).notNull()
                t.column("packaging", .text).notNull()
                t.column("pieces", .integer).notNull()
                t.column("plannedQuantity", .text).notNull()
                t.column("unit", .text).notNull()
                t.column("actualQuantity", .text)
                t.column("actualPieces", .integer)
                t.column("rejectedQuantity", .text)
                t.column("method", .text)
                t.column("methodCode", .text)
                t.uniqueKey(["manifestId", "lineNo"])
            }
            try db.create(table: "manifestVersion") { t in
                t.column("manifestId", .integer).notNull().references("manifest")
                t.column("version", .integer).notNull()
                t.column("reason", .text).notNull()
                t.column("createdBy", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("snapshot", .text).notNull()
                t.primaryKey(["manifestId", "version"])
            }
            try db.create(table: "manifestAudit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("manifestId", .integer).notNull().indexed().references("manifest")
                t.column("version", .integer).notNull()
                t.column("action", .text).notNull()
                t.column("fromState", .text)
                t.column("toState", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("signer", .text)
                t.column("at", .datetime).notNull()
                t.column("note", .text)
            }
            try db.create(table: "manifestWarning") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("manifestId", .integer).notNull().indexed().references("manifest")
                t.column("kind", .text).notNull()
                t.column("message", .text).notNull()
                t.column("at", .datetime).notNull()
            }
            // Signed versions and the audit trail are append-only, enforced by the database itself.
            for table in ["manifestVersion", "manifestAudit"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(table) rows are immutable'); END;
                        CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(table) rows are immutable'); END;
                        """)
            }
        }
        migrator.registerMigration("manifests-3-anomalies") { db in
            try db.create(table: "anomaly") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("manifestId", .integer).notNull().references("manifest")
                t.column("number", .text).notNull()
                t.column("kind", .text).notNull().indexed()
                t.column("detectedAt", .datetime).notNull()
                t.column("detail", .text).notNull()
                t.column("resolvedAt", .datetime)
                t.column("resolvedBy", .text)
                t.column("resolutionNote", .text)
                t.uniqueKey(["manifestId", "kind"])
            }
        }
        return migrator
    }

    /// What the service does with the events it subscribes to.
    static var eventHandlers: EventHandlers {
        EventHandlers()
    }
}
