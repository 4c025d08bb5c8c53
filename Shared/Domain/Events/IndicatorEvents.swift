import Foundation

/// Payload of `breach.opened` and `breach.cleared` (published by indicators, consumed by emergency
/// and notifier). Topic: `breach.<opened|cleared>.<kind>.<scopeId>`, event type `breach.opened` /
/// `breach.cleared`, version 1; event time = when the condition began (opened) or ended (cleared).
public struct BreachEvent: Codable, Sendable, Equatable {
    /// What kind of threshold was crossed; emergency maps each kind to an incident type.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// City daily AQI (observed or forecast) above 200: heavy pollution.
        case heavyPollution = "heavy_pollution"
        /// A drinking-water source factor above its GB 3838 class III limit (or supplementary item).
        case drinkingWaterSource = "drinking_water_source"
        /// A polluter's emission above its permit limit.
        case emissionExceedance = "emission_exceedance"
        /// A station without data for longer than its interval.
        case stationOffline = "station_offline"
        /// A treatment facility reported off while the site reports production or flow.
        case facilityOff = "facility_off"
        /// Any other rule an operator defined.
        case custom
    }

    /// Where the breach is: a station, a group of stations, a water section, a county or the city.
    public struct Scope: Codable, Sendable, Equatable {
        /// `station`, `group`, `section`, `county` or `city`.
        public var kind: String
        /// The scope's id: station MN, group or section id, county code, city code.
        public var id: String
        /// A display name, when known (often Chinese).
        public var name: String?
        /// The 6-digit county code, when the scope lies in one county.
        public var county: String?
        /// Longitude and latitude (WGS 84), when the scope is a point.
        public var longitude: Double?
        /// Latitude (WGS 84).
        public var latitude: Double?

        /// Makes a scope.
        public init(
            kind: String, id: String, name: String? = nil, county: String? = nil, longitude: Double? = nil,
            latitude: Double? = nil
        ) {
            self.kind = kind
            self.id = id
            self.name = name
            self.county = county
            self.longitude = longitude
            self.latitude = latitude
        }
    }

    /// One observation that supports the breach.
    public struct Evidence: Codable, Sendable, Equatable {
        /// Start of the period the value is for (UTC).
        public var time: Date
        /// The factor code (HJ 212 2017 code) or index name (`aqi`).
        public var factor: String
        /// The value as exact decimal text.
        public var value: String
        /// The unit (`µg/m³`, `mg/L`, … or empty for an index).
        public var unit: String

        /// Makes an evidence item.
        public init(time: Date, factor: String, value: String, unit: String) {
            self.time = time
            self.factor = factor
            self.value = value
            self.unit = unit
        }
    }

    /// Stable id of the breach (one per (rule, scope) episode).
    public var breachId: String
    /// The rule that fired.
    public var ruleId: String
    /// The rule's human name.
    public var ruleName: String
    /// The kind of breach.
    public var kind: Kind
    /// `info`, `warning` or `critical`.
    public var severity: String
    /// Where.
    public var scope: Scope
    /// The factor code or index the rule watches.
    public var factor: String
    /// `>`, `>=`, `<`, `<=`.
    public var comparator: String
    /// The limit as exact decimal text.
    public var limit: String
    /// The unit of the limit.
    public var unit: String
    /// The window the rule evaluates, e.g. `1h`, `24h`, `day`.
    public var window: String
    /// The standard (and version) behind the limit, e.g. `HJ 633—2026`, `GB 3838—2002 class III`.
    public var standard: String?
    /// Whether the value behind the breach is a forecast rather than an observation.
    public var forecast: Bool
    /// The values that opened (or cleared) it.
    public var evidence: [Evidence]
    /// When the condition began (UTC).
    public var openedAt: Date
    /// When it ended, for `breach.cleared`.
    public var clearedAt: Date?

    /// Makes a breach payload.
    public init(
        breachId: String, ruleId: String, ruleName: String, kind: Kind, severity: String, scope: Scope, factor: String,
        comparator: String, limit: String, unit: String, window: String, standard: String?, forecast: Bool = false,
        evidence: [Evidence], openedAt: Date, clearedAt: Date? = nil
    ) {
        self.breachId = breachId
        self.ruleId = ruleId
        self.ruleName = ruleName
        self.kind = kind
        self.severity = severity
        self.scope = scope
        self.factor = factor
        self.comparator = comparator
        self.limit = limit
        self.unit = unit
        self.window = window
        self.standard = standard
        self.forecast = forecast
        self.evidence = evidence
        self.openedAt = openedAt
        self.clearedAt = clearedAt
    }
}

/// Payload of `aqi.city.daily` (indicators → emergency): the city's daily AQI for one local day,
/// observed or forecast; emergency derives heavy-pollution warning levels from a run of these days.
/// Topic `aqi.city.daily.<cityCode>`, event type `aqi.city.daily`, version 1; event time = the day's
/// start in UTC (local midnight, Asia/Shanghai).
public struct CityDailyAQIEvent: Codable, Sendable, Equatable {
    /// The city's code (6 digits, e.g. `430200`).
    public var city: String
    /// The local date, `YYYY-MM-DD` (Asia/Shanghai).
    public var date: String
    /// The AQI, or nil when not enough data.
    public var aqi: Int?
    /// The AQI level 1–6.
    public var level: Int?
    /// Primary pollutants (indicator names).
    public var primaryPollutants: [String]
    /// Whether this is a forecast.
    public var forecast: Bool
    /// The standard version that produced the figure, e.g. `HJ 633—2026`.
    public var standard: String
    /// A revision of an earlier figure for the same day (late data recomputed it).
    public var revised: Bool

    /// Makes a payload.
    public init(
        city: String, date: String, aqi: Int?, level: Int?, primaryPollutants: [String], forecast: Bool,
        standard: String, revised: Bool
    ) {
        self.city = city
        self.date = date
        self.aqi = aqi
        self.level = level
        self.primaryPollutants = primaryPollutants
        self.forecast = forecast
        self.standard = standard
        self.revised = revised
    }
}
