import Domain
import Foundation
import GRDB

/// A threshold rule as data: what to watch, where, against which limit, for how long, and how it clears.
///
/// `scopeKind`: `city` (the city's daily AQI), `station` (`scopeValue` = MN), or `kind` (`scopeValue` =
/// a station kind, nil for the rule's natural stations). `limitValue` is absolute for single-value
/// rules; for per-factor rules (drinking water, emission permit) the limit comes from GB 3838 or the
/// permit registry and `clearLimit` is a ratio of it. A breach opens when `requiredCount` of the last
/// `windowCount` observations breach, and clears after `clearCount` consecutive clearing observations.
struct ThresholdRule: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// The table.
    static let databaseTableName = "rule"

    /// Stable id.
    var id: String
    /// Human name.
    var name: String
    /// The breach kind (`BreachEvent.Kind` raw value).
    var kind: String
    /// `city`, `station` or `kind`.
    var scopeKind: String
    /// The MN, the station kind, or nil.
    var scopeValue: String?
    /// The factor code or index (`aqi`), `*` for every factor with a limit.
    var factor: String
    /// The window a value covers: `1h`, `day`, `interval`.
    var window: String
    /// `>`, `>=`, `<`, `<=`, `!=`.
    var comparator: String
    /// The limit as exact decimal text; nil when it comes from a standard or the registry.
    var limitValue: String?
    /// Clear threshold (hysteresis): absolute, or a ratio of the per-factor limit; nil = the limit itself.
    var clearLimit: String?
    /// Unit of the limit.
    var unit: String
    /// N of N-of-M.
    var requiredCount: Int
    /// M of N-of-M.
    var windowCount: Int
    /// Consecutive clearing observations that clear a breach.
    var clearCount: Int
    /// `info`, `warning` or `critical`.
    var severity: String
    /// The standard behind the limit.
    var standard: String?
    /// Whether the rule is evaluated.
    var enabled: Bool
    /// Who last changed it.
    var updatedBy: String
    /// When.
    var updatedAt: Date

    /// The defaults seeded on first start, from the standards.
    ///
    /// `facility-off` watches `SB1`, by convention the site's treatment equipment (other `SBx` are often
    /// production lines, which may stop while residual flow is reported); `SB-RS` would watch every `SBx`.
    static var defaults: [ThresholdRule] {
        let seededAt = Date(timeIntervalSince1970: 0)
        return [
            ThresholdRule(
                id: "heavy-pollution", name: "城市日AQI > 200（重度污染）", kind: BreachEvent.Kind.heavyPollution.rawValue,
                scopeKind: "city", scopeValue: nil, factor: "aqi", window: "day", comparator: ">", limitValue: "200",
                clearLimit: "200", unit: "", requiredCount: 1, windowCount: 1, clearCount: 1, severity: "critical",
                standard: "HJ 633 (version by date)", enabled: true, updatedBy: "seed", updatedAt: seededAt),
            ThresholdRule(
                id: "drinking-water-class-iii", name: "饮用水水源地因子超III类",
                kind: BreachEvent.Kind.drinkingWaterSource.rawValue,
                scopeKind: "kind", scopeValue: nil, factor: "*", window: "1h", comparator: ">", limitValue: nil,
                clearLimit: "1", unit: "mg/L", requiredCount: 2, windowCount: 3, clearCount: 2, severity: "critical",
                standard: "GB 3838—2002 class III", enabled: true, updatedBy: "seed", updatedAt: seededAt),
            ThresholdRule(
                id: "emission-permit", name: "排放超许可限值", kind: BreachEvent.Kind.emissionExceedance.rawValue,
                scopeKind: "kind", scopeValue: nil, factor: "*", window: "1h", comparator: ">", limitValue: nil,
                clearLimit: "1", unit: "", requiredCount: 2, windowCount: 3, clearCount: 2, severity: "warning",
                standard: "discharge permit", enabled: true, updatedBy: "seed", updatedAt: seededAt),
            ThresholdRule(
                id: "station-offline", name: "站点离线", kind: BreachEvent.Kind.stationOffline.rawValue,
                scopeKind: "kind", scopeValue: nil, factor: "data", window: "interval", comparator: ">",
                limitValue: "2",
                clearLimit: nil, unit: "intervals", requiredCount: 1, windowCount: 1, clearCount: 1,
                severity: "warning",
                standard: nil, enabled: true, updatedBy: "seed", updatedAt: seededAt),
            ThresholdRule(
                id: "facility-off", name: "治污设施停运而生产/排放", kind: BreachEvent.Kind.facilityOff.rawValue,
                scopeKind: "kind", scopeValue: "emission", factor: "SB1", window: "period", comparator: "!=",
                limitValue: "1", clearLimit: nil, unit: "", requiredCount: 1, windowCount: 1, clearCount: 1,
                severity: "warning", standard: "HJ 212-2017 SBx-RS", enabled: true, updatedBy: "seed",
                updatedAt: seededAt),
        ]
    }

    /// Whether `value` breaches `limit` under `comparator` (unknown comparators never breach).
    static func compare(_ value: Decimal, _ comparator: String, _ limit: Decimal) -> Bool {
        switch comparator {
        case ">": return value > limit
        case ">=": return value >= limit
        case "<": return value < limit
        case "<=": return value <= limit
        case "!=": return value != limit
        case "==", "=": return value == limit
        default: return false
        }
    }

    /// The comparators a rule may use.
    static let comparators: Set<String> = [">", ">=", "<", "<=", "!=", "=="]
}
