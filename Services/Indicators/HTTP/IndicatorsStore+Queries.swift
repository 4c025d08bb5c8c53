import Domain
import Foundation
import GRDB

/// One AQI figure as the API returns it.
struct AQIEntry: Codable, Sendable, Equatable {
    /// Station MN or `city:<code>`.
    var scope: String
    /// Start of the hour (hourly reports).
    var hourStart: Date?
    /// Local date (daily reports).
    var date: String?
    /// The HJ 633 version (`HJ633-2012` / `HJ633-2026`).
    var standard: String
    /// The AQI, nil when "NA".
    var aqi: Int?
    /// Level 1–6.
    var level: Int?
    /// Primary pollutants.
    var primaryPollutants: [String]
    /// The full report (sub-indices, exceeding pollutants, missing items).
    var report: AQIReport?
}

/// A station of the registry, as learned from events and edited by the bureau.
struct StationEntry: Codable, Sendable, Equatable {
    /// MN.
    var mn: String
    /// `air`, `water`, `emission`, `noise`.
    var kind: String
    /// HJ 212 system code.
    var st: String
    /// Owning department.
    var department: String
    /// Display name.
    var name: String?
    /// County code.
    var county: String?
    /// Whether it counts towards the city values.
    var inCity: Bool
    /// `city` or `county` for a drinking-water source, else nil.
    var drinkingSource: String?
    /// `river` or `lakeOrReservoir`.
    var waterBody: String
    /// Expected data interval, seconds.
    var intervalSeconds: Int
    /// Start of the newest period received.
    var lastPeriodStart: Date?
    /// Permit limits by factor (emission stations).
    var permitLimits: [String: String]
}

/// Completeness of one station on one local day.
struct CompletenessEntry: Codable, Sendable, Equatable {
    /// Local date.
    var date: String
    /// Hours with at least one valid hourly value.
    var validHours: Int
    /// Hours expected (24).
    var expectedHours: Int
    /// Valid hours / expected, percent.
    var percent: String
}

/// A breach as the API returns it.
struct BreachEntry: Codable, Sendable, Equatable {
    /// The breach id.
    var id: String
    /// Whether it is still open.
    var open: Bool
    /// The `breach.opened` payload.
    var opened: BreachEvent?
    /// The `breach.cleared` payload, once cleared.
    var cleared: BreachEvent?
}

extension IndicatorsStore {
    /// Hourly AQI of a scope between two instants.
    func hourlyAQI(scope: String, from: Date, to: Date) async throws -> [AQIEntry] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM aqiHourly WHERE scope = ? AND hourStart >= ? AND hourStart < ? ORDER BY hourStart",
                arguments: [scope, from, to]
            ).map { row in
                AQIEntry(
                    scope: scope, hourStart: row["hourStart"], date: nil, standard: row["standard"], aqi: row["aqi"],
                    level: row["level"], primaryPollutants: Self.list(row["primaryPollutants"]),
                    report: Self.report(row["report"]))
            }
        }
    }

    /// Daily AQI of a scope between two local dates, inclusive.
    func dailyAQI(scope: String, from: String, to: String) async throws -> [AQIEntry] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM aqiDaily WHERE scope = ? AND date >= ? AND date <= ? ORDER BY date",
                arguments: [scope, from, to]
            ).map { row in
                AQIEntry(
                    scope: scope, hourStart: nil, date: row["date"], standard: row["standard"], aqi: row["aqi"],
                    level: row["level"], primaryPollutants: Self.list(row["primaryPollutants"]),
                    report: Self.report(row["report"]))
            }
        }
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }

    private static func report(_ text: String) -> AQIReport? {
        try? EventEnvelope.makeDecoder().decode(AQIReport.self, from: Data(text.utf8))
    }

    /// The station registry, or one station.
    func stations(mn: String? = nil) async throws -> [StationEntry] {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM station WHERE ? IS NULL OR mn = ? ORDER BY mn", arguments: [mn, mn])
            let limits = try Row.fetchAll(db, sql: "SELECT station, factor, limitValue FROM permitLimit")
            return rows.map { row in
                let station: String = row["mn"]
                var permits: [String: String] = [:]
                for limit in limits where (limit["station"] as String) == station {
                    permits[limit["factor"]] = limit["limitValue"]
                }
                return StationEntry(
                    mn: station, kind: row["kind"], st: row["st"], department: row["department"], name: row["name"],
                    county: row["county"], inCity: row["inCity"], drinkingSource: row["drinkingSource"],
                    waterBody: row["waterBody"], intervalSeconds: row["intervalSeconds"],
                    lastPeriodStart: row["lastPeriodStart"], permitLimits: permits)
            }
        }
    }

    /// Completeness per local day of a station: valid hours of the day over 24.
    func completeness(station: String, from: String, to: String) async throws -> [CompletenessEntry] {
        guard let start = Self.dayStart(from), let end = Self.dayStart(to)?.addingTimeInterval(86_400) else {
            return []
        }
        return try await writer.read { db in
            let hours = try Date.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT hourStart FROM hourly WHERE station = ? AND valid = 1 AND hourStart >= ? AND hourStart < ?",
                arguments: [station, start, end])
            var counts: [String: Int] = [:]
            for hour in hours { counts[LocalClock.date(of: hour), default: 0] += 1 }
            var entries: [CompletenessEntry] = []
            var day = start
            while day < end {
                let date = LocalClock.date(of: day)
                let valid = counts[date] ?? 0
                entries.append(
                    CompletenessEntry(
                        date: date, validHours: valid, expectedHours: 24,
                        percent: DecimalText.text(Decimal(valid) * 100 / 24, places: 1)))
                day = day.addingTimeInterval(86_400)
            }
            return entries
        }
    }

    /// Breaches, newest first; only open ones when `openOnly`.
    func breaches(openOnly: Bool, limit: Int = 500) async throws -> [BreachEntry] {
        try await writer.read { db in
            let decoder = EventEnvelope.makeDecoder()
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM breach WHERE (? = 0 OR clearedAt IS NULL) ORDER BY openedAt DESC LIMIT ?",
                arguments: [openOnly, limit]
            ).map { row in
                let opened: String = row["opened"]
                let cleared: String? = row["cleared"]
                return BreachEntry(
                    id: row["id"], open: (row["clearedAt"] as Date?) == nil,
                    opened: try? decoder.decode(BreachEvent.self, from: Data(opened.utf8)),
                    cleared: cleared.flatMap { try? decoder.decode(BreachEvent.self, from: Data($0.utf8)) })
            }
        }
    }
}
