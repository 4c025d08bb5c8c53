import Bus
import Domain
import Foundation
import GRDB
import Logging
import Store

/// The `indicators` service's one database: its schema and the bus tables, migrated on open.
struct IndicatorsStore: Sendable {
    /// The database.
    let writer: any DatabaseWriter
    /// The city whose air stations make the city values.
    let cityCode: String
    /// Writes the service's events inside its transactions.
    let outbox: Outbox

    /// Opens the store over `writer`, running every migration not yet applied.
    init(writer: any DatabaseWriter, cityCode: String = "430200", source: String = "indicators") throws {
        self.writer = writer
        self.cityCode = cityCode
        self.outbox = Outbox(source: source)
        try Self.migrator.migrate(writer)
    }

    /// The scope id under which city values are kept (in the same tables as stations').
    var cityScope: String { "city:\(cityCode)" }

    /// The service's migrations, in order; a shipped migration is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        migrator.registerMigration("indicators-1-aggregates") { db in
            try db.execute(
                sql: """
                    CREATE TABLE station (
                        mn TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        st TEXT NOT NULL DEFAULT '',
                        department TEXT NOT NULL DEFAULT '',
                        name TEXT,
                        county TEXT,
                        inCity INTEGER NOT NULL DEFAULT 0,
                        drinkingSource TEXT,
                        waterBody TEXT NOT NULL DEFAULT 'river',
                        intervalSeconds INTEGER NOT NULL DEFAULT 3600,
                        lastPeriodStart DATETIME,
                        firstSeenAt DATETIME NOT NULL,
                        updatedAt DATETIME NOT NULL
                    );
                    CREATE TABLE permitLimit (
                        station TEXT NOT NULL REFERENCES station(mn) ON DELETE CASCADE,
                        factor TEXT NOT NULL,
                        limitValue TEXT NOT NULL,
                        unit TEXT,
                        updatedBy TEXT NOT NULL,
                        updatedAt DATETIME NOT NULL,
                        PRIMARY KEY (station, factor)
                    );
                    CREATE TABLE sample (
                        station TEXT NOT NULL,
                        factor TEXT NOT NULL,
                        periodKind TEXT NOT NULL,
                        periodStart DATETIME NOT NULL,
                        statistic TEXT NOT NULL,
                        value TEXT NOT NULL,
                        flag TEXT,
                        PRIMARY KEY (station, factor, periodKind, periodStart, statistic)
                    ) WITHOUT ROWID;
                    CREATE TABLE hourly (
                        station TEXT NOT NULL,
                        factor TEXT NOT NULL,
                        hourStart DATETIME NOT NULL,
                        value TEXT NOT NULL,
                        coverage INTEGER NOT NULL,
                        valid INTEGER NOT NULL,
                        basis TEXT NOT NULL,
                        PRIMARY KEY (station, factor, hourStart)
                    ) WITHOUT ROWID;
                    CREATE TABLE daily (
                        station TEXT NOT NULL,
                        factor TEXT NOT NULL,
                        date TEXT NOT NULL,
                        statistic TEXT NOT NULL,
                        value TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        valid INTEGER NOT NULL,
                        PRIMARY KEY (station, factor, date, statistic)
                    ) WITHOUT ROWID;
                    CREATE TABLE aqiHourly (
                        scope TEXT NOT NULL,
                        hourStart DATETIME NOT NULL,
                        standard TEXT NOT NULL,
                        aqi INTEGER,
                        level INTEGER,
                        primaryPollutants TEXT NOT NULL,
                        report TEXT NOT NULL,
                        computedAt DATETIME NOT NULL,
                        PRIMARY KEY (scope, hourStart)
                    ) WITHOUT ROWID;
                    CREATE TABLE aqiDaily (
                        scope TEXT NOT NULL,
                        date TEXT NOT NULL,
                        standard TEXT NOT NULL,
                        aqi INTEGER,
                        level INTEGER,
                        primaryPollutants TEXT NOT NULL,
                        report TEXT NOT NULL,
                        revision INTEGER NOT NULL DEFAULT 0,
                        published INTEGER NOT NULL DEFAULT 0,
                        computedAt DATETIME NOT NULL,
                        PRIMARY KEY (scope, date)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("indicators-2-rules") { db in
            try db.execute(
                sql: """
                    CREATE TABLE rule (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        scopeKind TEXT NOT NULL,
                        scopeValue TEXT,
                        factor TEXT NOT NULL,
                        "window" TEXT NOT NULL,
                        comparator TEXT NOT NULL,
                        limitValue TEXT,
                        clearLimit TEXT,
                        unit TEXT NOT NULL DEFAULT '',
                        requiredCount INTEGER NOT NULL DEFAULT 1,
                        windowCount INTEGER NOT NULL DEFAULT 1,
                        clearCount INTEGER NOT NULL DEFAULT 1,
                        severity TEXT NOT NULL,
                        standard TEXT,
                        enabled INTEGER NOT NULL DEFAULT 1,
                        updatedBy TEXT NOT NULL,
                        updatedAt DATETIME NOT NULL
                    );
                    CREATE TABLE ruleState (
                        ruleId TEXT NOT NULL,
                        scopeId TEXT NOT NULL,
                        observations TEXT NOT NULL,
                        clearedThrough DATETIME,
                        updatedAt DATETIME NOT NULL,
                        PRIMARY KEY (ruleId, scopeId)
                    );
                    CREATE TABLE breach (
                        id TEXT PRIMARY KEY NOT NULL,
                        ruleId TEXT NOT NULL,
                        scopeId TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        openedAt DATETIME NOT NULL,
                        clearedAt DATETIME,
                        opened TEXT NOT NULL,
                        cleared TEXT
                    );
                    CREATE UNIQUE INDEX breach_one_open ON breach(ruleId, scopeId) WHERE clearedAt IS NULL;
                    CREATE INDEX breach_opened ON breach(openedAt);
                    """)
            for rule in ThresholdRule.defaults {
                try rule.insert(db)
            }
        }
        migrator.registerMigration("indicators-3-plan") { db in
            try db.execute(
                sql: """
                    CREATE TABLE planIndicator (
                        number INTEGER PRIMARY KEY NOT NULL,
                        area TEXT NOT NULL,
                        name TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        direction TEXT NOT NULL,
                        attribute TEXT,
                        baseline TEXT,
                        baselineNote TEXT,
                        target TEXT,
                        targetYear INTEGER NOT NULL DEFAULT 2025,
                        computedFrom TEXT
                    );
                    CREATE TABLE planValue (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        number INTEGER NOT NULL REFERENCES planIndicator(number),
                        period TEXT NOT NULL,
                        value TEXT NOT NULL,
                        sourceDocument TEXT,
                        enteredBy TEXT NOT NULL,
                        recordedAt DATETIME NOT NULL
                    );
                    CREATE TABLE planTargetEdit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        number INTEGER NOT NULL REFERENCES planIndicator(number),
                        previousTarget TEXT,
                        target TEXT,
                        editedBy TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        editedAt DATETIME NOT NULL
                    );
                    CREATE TABLE wasteCompletion (
                        manifest TEXT PRIMARY KEY NOT NULL,
                        year INTEGER NOT NULL,
                        county TEXT NOT NULL,
                        hazardousTonnes TEXT NOT NULL,
                        hazardousUtilisedTonnes TEXT NOT NULL,
                        hazardousDisposedTonnes TEXT NOT NULL,
                        medicalTonnes TEXT NOT NULL,
                        medicalTreatedTonnes TEXT NOT NULL,
                        completedAt DATETIME NOT NULL
                    );
                    """)
            for indicator in PlanIndicator.seeded {
                try indicator.insert(db)
            }
        }
        migrator.registerMigration("indicators-4-hourly-by-time") { db in
            // All factors of one station and hour (drinking-water evaluation, monthly class, completeness)
            // without scanning the station's whole history.
            try db.execute(sql: "CREATE INDEX hourly_station_time ON hourly(station, hourStart)")
        }
        return migrator
    }

    /// What the service does with the events it subscribes to.
    func eventHandlers(logger: Logger) -> EventHandlers {
        var handlers = EventHandlers()
        let store = self
        handlers.on("measurement.batch") { event, db in
            guard let payload = try? event.decode(MeasurementPayload.self) else {
                logger.warning("undecodable measurement payload", metadata: ["event.topic": "\(event.topic)"])
                return
            }
            try store.absorb(payload, db: db)
        }
        handlers.on("measurement.revised") { event, db in
            guard let payload = try? event.decode(MeasurementPayload.self) else {
                logger.warning("undecodable measurement payload", metadata: ["event.topic": "\(event.topic)"])
                return
            }
            try store.absorb(payload, db: db)
        }
        handlers.on("waste.manifest.completed") { event, db in
            guard let payload = try? event.decode(ManifestCompletionPayload.self), let figures = payload.indicators
            else {
                return
            }
            try store.recordCompletion(
                manifest: payload.manifest.number, figures: figures, at: event.envelope.time, db: db)
        }
        return handlers
    }
}
