import Foundation
import GRDB

/// A condition on a run of consecutive days: the city's daily AQI above `aqiAbove` for at least
/// `days` consecutive days of the run.
struct AQICondition: Codable, Sendable, Equatable {
    /// The AQI the days must exceed.
    var aqiAbove: Int
    /// How many consecutive days (24 h each).
    var days: Int
}

/// One heavy-pollution warning level and when it is reached: any of `anyOf` holds, where each entry
/// holds when all its conditions hold.
struct WarningRule: Codable, Sendable, Equatable {
    /// `blue`, `yellow`, `orange` or `red`.
    var level: String
    /// Alternatives, each a list of conditions that must all hold.
    var anyOf: [[AQICondition]]

    /// The national scheme since 2019 (环办大气函〔2019〕648号, standards.md §5.1): yellow, orange, red.
    static let national2019: [WarningRule] = [
        WarningRule(
            level: "yellow", anyOf: [[AQICondition(aqiAbove: 200, days: 1)], [AQICondition(aqiAbove: 150, days: 2)]]),
        WarningRule(
            level: "orange", anyOf: [[AQICondition(aqiAbove: 200, days: 2)], [AQICondition(aqiAbove: 150, days: 3)]]),
        WarningRule(
            level: "red", anyOf: [[AQICondition(aqiAbove: 200, days: 3), AQICondition(aqiAbove: 300, days: 1)]]),
    ]

    /// The older four-level scheme (2017 revision, standards.md §5.1), still in some city plans.
    static let mee2017: [WarningRule] = [
        WarningRule(level: "blue", anyOf: [[AQICondition(aqiAbove: 200, days: 1)]]),
        WarningRule(level: "yellow", anyOf: [[AQICondition(aqiAbove: 200, days: 2)]]),
        WarningRule(
            level: "orange", anyOf: [[AQICondition(aqiAbove: 200, days: 3), AQICondition(aqiAbove: 300, days: 1)]]),
        WarningRule(
            level: "red",
            anyOf: [
                [AQICondition(aqiAbove: 200, days: 4), AQICondition(aqiAbove: 300, days: 2)],
                [AQICondition(aqiAbove: 499, days: 1)],
            ]),
    ]

    /// The lowest AQI any rule in `rules` looks at: days at or below it end an episode.
    static func episodeThreshold(_ rules: [WarningRule]) -> Int {
        rules.flatMap { $0.anyOf.flatMap { $0.map(\.aqiAbove) } }.min() ?? 200
    }

    /// The highest level `rules` give for a run of consecutive daily AQIs, or nil.
    static func level(for run: [Int], rules: [WarningRule]) -> String? {
        func longest(above threshold: Int) -> Int {
            var best = 0
            var current = 0
            for value in run {
                current = value > threshold ? current + 1 : 0
                best = max(best, current)
            }
            return best
        }
        let reached = rules.filter { rule in
            rule.anyOf.contains { group in
                !group.isEmpty && group.allSatisfy { longest(above: $0.aqiAbove) >= max(1, $0.days) }
            }
        }
        return reached.max { IncidentLevel.rank($0.level) < IncidentLevel.rank($1.level) }?.level
    }
}

/// A drinking-water source's level by the population it serves: the first entry (highest level first)
/// whose `minPopulation` the source reaches.
struct PopulationLevel: Codable, Sendable, Equatable {
    /// `I`–`IV`.
    var level: String
    /// The smallest population served that gives this level.
    var minPopulation: Int
}

/// Levels and their order.
enum IncidentLevel {
    /// Sudden environmental incident levels, lowest first.
    static let sudden = ["IV", "III", "II", "I"]
    /// Heavy-pollution weather warning levels, lowest first.
    static let warning = ["blue", "yellow", "orange", "red"]

    /// The levels of `scheme` (`sudden` or `warning`).
    static func levels(of scheme: String) -> [String] {
        scheme == "warning" ? warning : sudden
    }

    /// 1 (lowest) … 4 (highest); 0 for an unknown level.
    static func rank(_ level: String) -> Int {
        if let index = sudden.firstIndex(of: level) { return index + 1 }
        if let index = warning.firstIndex(of: level) { return index + 1 }
        return 0
    }
}

/// The response plan of one incident type, as data (table `response_plan`): who responds, who is
/// informed, who hears when nobody answers, deadlines per level, and what to do.
struct ResponsePlan: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "response_plan"
    /// The incident type (primary key).
    var type: String
    /// A human title, in Chinese for the built-in plans, e.g. "重污染天气".
    var title: String
    /// `sudden` (I–IV) or `warning` (colours).
    var levelScheme: String
    /// The level a new incident gets when its input says nothing more precise.
    var defaultLevel: String
    /// Departments that must act.
    var responsible: [String]
    /// Departments kept informed.
    var informed: [String]
    /// Departments told, in order, each time the incident stays unacknowledged past its deadline;
    /// the last one is repeated.
    var escalation: [String]
    /// How many escalations at most before the chain stops.
    var maxEscalations: Int
    /// Seconds to acknowledge, by level.
    var acknowledgeSeconds: [String: Int]
    /// Seconds until the statutory initial report is due, by level (absent: no statutory report).
    var reportSeconds: [String: Int]
    /// What to do, by level; `*` for every level.
    var instructions: [String: String]
    /// For heavy pollution: the warning rules over the city's AQI days.
    var warningRules: [WarningRule]?
    /// For drinking-water sources: levels by population served, highest first.
    var populationLevels: [PopulationLevel]?

    /// The acknowledgement time for `level`.
    func acknowledgeInterval(_ level: String) -> TimeInterval {
        TimeInterval(max(1, acknowledgeSeconds[level] ?? acknowledgeSeconds["*"] ?? 3600))
    }

    /// The report time for `level`, when a statutory report is due.
    func reportInterval(_ level: String) -> TimeInterval? {
        (reportSeconds[level] ?? reportSeconds["*"]).map { TimeInterval(max(1, $0)) }
    }

    /// The instructions for `level`.
    func instruction(_ level: String) -> String {
        instructions[level] ?? instructions["*"] ?? "Acknowledge, assess and respond per the response plan."
    }

    /// The level for a drinking-water source serving `population` (nil: unknown source).
    func level(population: Int?) -> String {
        guard let population, let levels = populationLevels else { return defaultLevel }
        return levels.sorted { $0.minPopulation > $1.minPopulation }.first { population >= $0.minPopulation }?.level
            ?? defaultLevel
    }

    /// Whether `level` belongs to this plan's scheme.
    func accepts(level: String) -> Bool {
        IncidentLevel.levels(of: levelScheme).contains(level)
    }
}

extension ResponsePlan {
    private static let suddenAck = ["I": 900, "II": 1800, "III": 3600, "IV": 7200]
    // 突发环境事件信息报告办法 (standards.md §6.2): I/II within 2 h, III/IV within 4 h.
    private static let suddenReport = ["I": 7200, "II": 7200, "III": 14400, "IV": 14400]

    /// The plans seeded from the reference (standards.md §5–6, plan.md); editable through the API.
    static let defaults: [ResponsePlan] = [
        ResponsePlan(
            type: "heavy_pollution", title: "重污染天气", levelScheme: "warning", defaultLevel: "yellow",
            responsible: ["bureau"], informed: ["emergency", "health", "transport"], escalation: ["emergency"],
            maxEscalations: 5, acknowledgeSeconds: ["blue": 7200, "yellow": 3600, "orange": 1800, "red": 900],
            reportSeconds: [:],
            instructions: [
                "blue": "Blue warning: publish the warning, prepare the emergency emission-reduction list.",
                "yellow": "Yellow warning, level III response: enterprises cut SO2, NOx, PM and VOCs by at least 10 %.",
                "orange": "Orange warning, level II response: enterprises cut SO2, NOx, PM and VOCs by at least 20 %.",
                "red": "Red warning, level I response: enterprises cut SO2, NOx, PM and VOCs by at least 30 %.",
            ], warningRules: WarningRule.national2019, populationLevels: nil),
        ResponsePlan(
            type: "drinking_water_source", title: "饮用水水源地水质超标", levelScheme: "sudden",
            defaultLevel: "IV", responsible: ["bureau", "water"], informed: ["health", "emergency"],
            escalation: ["emergency"], maxEscalations: 5, acknowledgeSeconds: suddenAck,
            // Drinking-water source events follow the II/I procedure even when the level is unclear.
            reportSeconds: ["*": 7200],
            instructions: [
                "*":
                    "Verify the exceedance on site, check the intake, prepare the backup source; initial report within 2 h."
            ], warningRules: nil,
            populationLevels: [
                PopulationLevel(level: "I", minPopulation: 1_000_000),
                PopulationLevel(level: "II", minPopulation: 100_000),
                PopulationLevel(level: "III", minPopulation: 10_000),
                PopulationLevel(level: "IV", minPopulation: 0),
            ]),
        ResponsePlan(
            type: "emission_exceedance", title: "污染源排放超标", levelScheme: "sudden", defaultLevel: "IV",
            responsible: ["bureau"], informed: [], escalation: ["emergency"], maxEscalations: 5,
            acknowledgeSeconds: suddenAck, reportSeconds: suddenReport,
            instructions: ["*": "Check the enterprise's emissions on site and order the exceedance stopped."],
            warningRules: nil, populationLevels: nil),
        ResponsePlan(
            type: "facility_off", title: "生产时治污设施停运", levelScheme: "sudden",
            defaultLevel: "IV", responsible: ["bureau"], informed: [], escalation: ["emergency"], maxEscalations: 5,
            acknowledgeSeconds: suddenAck, reportSeconds: [:],
            instructions: ["*": "Inspect the site: treatment must run whenever production runs."],
            warningRules: nil, populationLevels: nil),
        ResponsePlan(
            type: "station_offline", title: "监测站点离线", levelScheme: "sudden", defaultLevel: "IV",
            responsible: ["bureau"], informed: [], escalation: ["bureau"], maxEscalations: 3,
            acknowledgeSeconds: ["*": 14400], reportSeconds: [:],
            instructions: [
                "*": "Dispatch maintenance; the station's threshold breaches are suppressed while it is offline."
            ],
            warningRules: nil, populationLevels: nil),
        ResponsePlan(
            type: "waste_anomaly", title: "危险废物转移异常", levelScheme: "sudden", defaultLevel: "IV",
            responsible: ["bureau"], informed: ["transport", "police"], escalation: ["emergency"], maxEscalations: 5,
            acknowledgeSeconds: suddenAck, reportSeconds: [:],
            instructions: [
                "*": "Locate the load and the vehicle, contact consignor, carrier and receiver, secure the waste."
            ],
            warningRules: nil, populationLevels: nil),
        ResponsePlan(
            type: "tailings_pond", title: "尾矿库突发环境事件", levelScheme: "sudden", defaultLevel: "III",
            responsible: ["bureau"], informed: ["emergency", "water"], escalation: ["emergency"], maxEscalations: 5,
            acknowledgeSeconds: suddenAck, reportSeconds: suddenReport,
            instructions: ["*": "Check the dam and the tailwater; monitor downstream water quality."],
            warningRules: nil, populationLevels: nil),
        ResponsePlan(
            type: "manual", title: "突发环境事件", levelScheme: "sudden", defaultLevel: "IV",
            responsible: ["bureau"], informed: [], escalation: ["emergency"], maxEscalations: 5,
            acknowledgeSeconds: suddenAck, reportSeconds: suddenReport,
            instructions: ["*": "Assess, grade and respond per the sudden environmental incident plan."],
            warningRules: nil, populationLevels: nil),
    ]
}
