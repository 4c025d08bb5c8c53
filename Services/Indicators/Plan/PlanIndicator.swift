import Foundation
import GRDB

/// One of the plan's 28 indicators (表2) as data: baseline, target (editable), and where its value comes from.
struct PlanIndicator: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// The table.
    static let databaseTableName = "planIndicator"

    /// Number 1–28 in the plan's table.
    var number: Int
    /// The plan's area.
    var area: String
    /// The indicator's name.
    var name: String
    /// Unit as in the plan.
    var unit: String
    /// `higher` or `lower` is better.
    var direction: String
    /// `binding` (约束性) or `expected` (预期性), when known.
    var attribute: String?
    /// The 2020 value, exact text, when the plan gives one.
    var baseline: String?
    /// Notes on the baseline (e.g. the 2019 value).
    var baselineNote: String?
    /// The target, exact text, when known.
    var target: String?
    /// The target year.
    var targetYear: Int
    /// What the system computes it from, nil when entered through the API.
    var computedFrom: String?

    /// The 28 indicators with the facts plan.md gives.
    static var seeded: [PlanIndicator] {
        func item(
            _ number: Int, _ area: String, _ name: String, _ unit: String, _ direction: String, _ baseline: String?,
            note: String? = nil, target: String? = nil, attribute: String? = nil, computed: String? = nil
        ) -> PlanIndicator {
            PlanIndicator(
                number: number, area: area, name: name, unit: unit, direction: direction, attribute: attribute,
                baseline: baseline, baselineNote: note, target: target, targetYear: 2025, computedFrom: computed)
        }
        let green = "green & low-carbon"
        let quality = "environmental quality"
        let ecology = "ecological function"
        let risk = "risk control"
        let control = "pollution control"
        return [
            item(1, green, "CO₂ emissions per unit GDP, reduction", "%", "higher", "22.9", attribute: "binding"),
            item(2, green, "energy use per unit GDP, reduction", "%", "higher", "28.4", attribute: "binding"),
            item(3, green, "non-fossil share of primary energy", "%", "higher", "16.2"),
            item(
                4, quality, "national/provincial surface-water sections at class III or better", "%", "higher", "100",
                attribute: "binding", computed: "water sections (monthly class, latest month)"),
            item(
                5, quality, "sections worse than class V (劣V类)", "%", "lower", "0", attribute: "binding",
                computed: "water sections (monthly class, latest month)"),
            item(6, quality, "groundwater class V share", "%", "lower", nil),
            item(
                7, quality, "city-level drinking-water sources meeting standard", "%", "higher", "100",
                attribute: "binding",
                computed: "drinking-water sources of level city (monthly, GB 3838 class III + supplementary)"),
            item(
                8, quality, "county-level drinking-water sources meeting standard", "%", "higher", "100",
                computed: "drinking-water sources of level county (monthly)"),
            item(
                9, quality, "city PM2.5 annual mean", "µg/m³", "lower", "38", note: "47 (2019)", target: "35",
                attribute: "binding", computed: "city daily PM2.5, year to date"),
            item(
                10, quality, "city share of good-air days (优良天数比例)", "%", "higher", "86.6", note: "76.7 (2019)",
                target: "86", attribute: "binding", computed: "city daily AQI ≤ 100, year to date"),
            item(11, ecology, "ecological quality index (new EI)", "", "higher", nil, attribute: "expected"),
            item(12, ecology, "forest cover", "%", "higher", "62.11"),
            item(13, ecology, "wetland protection rate", "%", "higher", "71.68"),
            item(14, ecology, "ecological red line share of land", "%", "higher", "18.11"),
            item(
                15, risk, "safe-use rate of polluted farmland", "%", "higher", "91", target: "93", attribute: "binding"),
            item(16, risk, "risk-control rate of key polluted construction land", "%", "higher", nil),
            item(
                17, risk, "industrial hazardous waste disposal", "%", "higher", "100", target: "100",
                attribute: "binding",
                computed: "waste.manifest.completed: (utilised + disposed) / hazardous tonnes, year to date"),
            item(
                18, risk, "medical waste harmless disposal", "%", "higher", "100", target: "100", attribute: "binding",
                computed: "waste.manifest.completed: treated / medical tonnes, year to date"),
            item(19, control, "COD reduction", "t", "higher", nil, attribute: "binding"),
            item(20, control, "ammonia-nitrogen reduction", "t", "higher", nil, attribute: "binding"),
            item(21, control, "NOx reduction", "t", "higher", nil, attribute: "binding"),
            item(22, control, "VOCs reduction", "t", "higher", nil, attribute: "binding"),
            item(23, control, "city domestic sewage centralised collection rate", "%", "higher", "70", target: "70"),
            item(24, control, "township sewage treatment coverage", "%", "higher", nil, target: "100"),
            item(25, control, "rural domestic sewage treatment rate", "%", "higher", nil),
            item(26, control, "city domestic waste resource-utilisation rate", "%", "higher", nil, target: "60"),
            item(
                27, control, "black-and-odorous water eliminated, city built-up area", "%", "higher", "90",
                note: "90+ (2020)"),
            item(28, control, "black-and-odorous water eliminated, county built-up areas", "%", "higher", nil),
        ]
    }
}
