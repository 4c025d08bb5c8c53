import Domain
import Foundation
import GRDB
import ServiceKit

/// What the bureau may change about a station (omitted fields stay as they are).
struct StationPatch: Codable, Sendable {
    /// Display name.
    var name: String?
    /// County code.
    var county: String?
    /// Whether it counts towards the city values.
    var inCity: Bool?
    /// `city`, `county`, or `none` to unmark a drinking-water source.
    var drinkingSource: String?
    /// `river` or `lakeOrReservoir`.
    var waterBody: String?
    /// Expected data interval, seconds (60…86400).
    var intervalSeconds: Int?
}

/// A permit limit for one factor of one polluter.
struct PermitLimitInput: Codable, Sendable {
    /// The limit, exact decimal text.
    var limit: String
    /// Its unit.
    var unit: String?
}

/// A rule as created or replaced through the API.
struct RuleInput: Codable, Sendable {
    /// Stable id (POST only; letters, digits and dashes).
    var id: String?
    /// Human name.
    var name: String
    /// The breach kind.
    var kind: String
    /// `city`, `station` or `kind`.
    var scopeKind: String
    /// MN, station kind, or nil.
    var scopeValue: String?
    /// Factor code, index or `*`.
    var factor: String
    /// Window label.
    var window: String
    /// Comparator.
    var comparator: String
    /// Limit, exact decimal text.
    var limit: String?
    /// Clear limit (hysteresis), exact decimal text.
    var clearLimit: String?
    /// Unit.
    var unit: String?
    /// N of N-of-M.
    var requiredCount: Int?
    /// M of N-of-M.
    var windowCount: Int?
    /// Consecutive clearing observations needed.
    var clearCount: Int?
    /// Severity.
    var severity: String?
    /// Standard behind the limit.
    var standard: String?
    /// Whether evaluated.
    var enabled: Bool?
}

extension IndicatorsStore {
    /// Applies a patch to a station; false when it is unknown.
    func patchStation(_ mn: String, _ patch: StationPatch, now: Date) async throws -> Bool {
        if let source = patch.drinkingSource, !["city", "county", "none"].contains(source) {
            throw Problem(status: .badRequest, title: "drinkingSource must be city, county or none")
        }
        if let body = patch.waterBody, WaterBodyKind(rawValue: body) == nil {
            throw Problem(status: .badRequest, title: "waterBody must be river or lakeOrReservoir")
        }
        if let interval = patch.intervalSeconds, !(60...86_400).contains(interval) {
            throw Problem(status: .badRequest, title: "intervalSeconds must be 60…86400")
        }
        return try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM station WHERE mn = ?", arguments: [mn]) ?? false else {
                return false
            }
            if let name = patch.name {
                try db.execute(sql: "UPDATE station SET name = ? WHERE mn = ?", arguments: [name, mn])
            }
            if let county = patch.county {
                try db.execute(sql: "UPDATE station SET county = ? WHERE mn = ?", arguments: [county, mn])
            }
            if let inCity = patch.inCity {
                try db.execute(sql: "UPDATE station SET inCity = ? WHERE mn = ?", arguments: [inCity, mn])
            }
            if let source = patch.drinkingSource {
                try db.execute(
                    sql: "UPDATE station SET drinkingSource = ? WHERE mn = ?",
                    arguments: [source == "none" ? nil : source, mn])
            }
            if let body = patch.waterBody {
                try db.execute(sql: "UPDATE station SET waterBody = ? WHERE mn = ?", arguments: [body, mn])
            }
            if let interval = patch.intervalSeconds {
                try db.execute(sql: "UPDATE station SET intervalSeconds = ? WHERE mn = ?", arguments: [interval, mn])
            }
            try db.execute(sql: "UPDATE station SET updatedAt = ? WHERE mn = ?", arguments: [now, mn])
            return true
        }
    }

    /// Sets (or replaces) a permit limit; false when the station is unknown.
    func setPermitLimit(station: String, factor: String, _ input: PermitLimitInput, by: String, now: Date) async throws
        -> Bool
    {
        guard let limit = DecimalText.parse(input.limit), limit >= 0 else {
            throw Problem(status: .badRequest, title: "limit must be a non-negative decimal number")
        }
        return try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM station WHERE mn = ?", arguments: [station]) ?? false else {
                return false
            }
            try db.execute(
                sql: """
                    INSERT INTO permitLimit (station, factor, limitValue, unit, updatedBy, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET limitValue = excluded.limitValue, unit = excluded.unit,
                        updatedBy = excluded.updatedBy, updatedAt = excluded.updatedAt
                    """,
                arguments: [station, factor, DecimalText.text(limit, places: 6), input.unit, by, now])
            return true
        }
    }

    /// Registers a station ahead of its first data (tests and the bureau); existing stations are left alone.
    func registerStation(mn: String, kind: String, now: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO station (mn, kind, inCity, firstSeenAt, updatedAt) VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [mn, kind, kind == "air", now, now])
        }
    }

    /// Every rule.
    func rules() async throws -> [ThresholdRule] {
        try await writer.read { db in try ThresholdRule.order(Column("id")).fetchAll(db) }
    }

    /// One rule.
    func rule(_ id: String) async throws -> ThresholdRule? {
        try await writer.read { db in try ThresholdRule.fetchOne(db, key: id) }
    }

    /// Validates an input into a rule.
    static func makeRule(id: String, _ input: RuleInput, by: String, now: Date) throws -> ThresholdRule {
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw Problem(status: .badRequest, title: "rule id must be 1–64 letters, digits or dashes")
        }
        guard BreachEvent.Kind(rawValue: input.kind) != nil else {
            throw Problem(
                status: .badRequest, title: "unknown kind '\(input.kind)'",
                detail: BreachEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard ["city", "station", "kind"].contains(input.scopeKind) else {
            throw Problem(status: .badRequest, title: "scopeKind must be city, station or kind")
        }
        guard ThresholdRule.comparators.contains(input.comparator) else {
            throw Problem(status: .badRequest, title: "comparator must be one of > >= < <= != ==")
        }
        for (name, text) in [("limit", input.limit), ("clearLimit", input.clearLimit)] {
            if let text, DecimalText.parse(text) == nil {
                throw Problem(status: .badRequest, title: "\(name) must be exact decimal text")
            }
        }
        let required = input.requiredCount ?? 1
        let window = input.windowCount ?? max(required, 1)
        let clear = input.clearCount ?? 1
        guard (1...100).contains(required), (1...100).contains(window), required <= window, (1...100).contains(clear)
        else {
            throw Problem(
                status: .badRequest, title: "need 1 ≤ requiredCount ≤ windowCount ≤ 100 and 1 ≤ clearCount ≤ 100")
        }
        let severity = input.severity ?? "warning"
        guard ["info", "warning", "critical"].contains(severity) else {
            throw Problem(status: .badRequest, title: "severity must be info, warning or critical")
        }
        return ThresholdRule(
            id: id, name: input.name, kind: input.kind, scopeKind: input.scopeKind, scopeValue: input.scopeValue,
            factor: input.factor, window: input.window, comparator: input.comparator, limitValue: input.limit,
            clearLimit: input.clearLimit, unit: input.unit ?? "", requiredCount: required, windowCount: window,
            clearCount: clear, severity: severity, standard: input.standard, enabled: input.enabled ?? true,
            updatedBy: by,
            updatedAt: now)
    }

    /// Creates a rule; false when the id is taken.
    func createRule(_ rule: ThresholdRule) async throws -> Bool {
        try await writer.write { db in
            guard try ThresholdRule.fetchOne(db, key: rule.id) == nil else { return false }
            try rule.insert(db)
            return true
        }
    }

    /// Replaces a rule, keeping its evaluation state; false when unknown.
    func replaceRule(_ rule: ThresholdRule) async throws -> Bool {
        try await writer.write { db in
            guard try ThresholdRule.fetchOne(db, key: rule.id) != nil else { return false }
            try rule.update(db)
            return true
        }
    }

    /// Deletes a rule and its state; refused while it has an open breach.
    func deleteRule(_ id: String) async throws -> Bool {
        try await writer.write { db in
            guard try ThresholdRule.fetchOne(db, key: id) != nil else { return false }
            let open =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM breach WHERE ruleId = ? AND clearedAt IS NULL", arguments: [id]) ?? false
            if open {
                throw Problem(status: .conflict, title: "rule '\(id)' has an open breach; disable it instead")
            }
            try db.execute(sql: "DELETE FROM ruleState WHERE ruleId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM rule WHERE id = ?", arguments: [id])
            return true
        }
    }
}
