import Domain
import Foundation
import GRDB

/// A plan indicator as the API shows it: facts, current value, progress and status.
struct PlanIndicatorView: Codable, Sendable, Equatable {
    /// The indicator's facts.
    var indicator: PlanIndicator
    /// The current value, exact text, nil when unknown.
    var value: String?
    /// The period the value is for (`2026`, `2026-03`, …).
    var period: String?
    /// `computed` or `entered`.
    var source: String?
    /// Share of the way from baseline to target, in percent, when both are known and differ.
    var progressPercent: String?
    /// `on-track`, `at-risk`, `no-target` or `no-value`.
    var status: String
}

/// One entered value of an indicator.
struct PlanValueEntry: Codable, Sendable, Equatable, FetchableRecord {
    /// Row id.
    var id: Int64
    /// Indicator number.
    var number: Int
    /// Period.
    var period: String
    /// Value, exact text.
    var value: String
    /// The source document.
    var sourceDocument: String?
    /// Who entered it.
    var enteredBy: String
    /// When.
    var recordedAt: Date
}

/// One change of a target, with who, when and why.
struct PlanTargetEdit: Codable, Sendable, Equatable, FetchableRecord {
    /// Row id.
    var id: Int64
    /// Indicator number.
    var number: Int
    /// The target before.
    var previousTarget: String?
    /// The target after.
    var target: String?
    /// Who.
    var editedBy: String
    /// Why.
    var reason: String
    /// When.
    var editedAt: Date
}

/// A value the system computed for a past or current period.
struct ComputedValue: Codable, Sendable, Equatable {
    /// The period (`2026`).
    var period: String
    /// The value, exact text.
    var value: String
}

/// The monthly class of one water section.
struct SectionMonth: Codable, Sendable, Equatable {
    /// The section (station MN).
    var section: String
    /// `YYYY-MM`.
    var month: String
    /// The section's class (`I`…`V`, `worseThanV`), nil without data.
    var waterClass: String?
    /// The factors that decided the class.
    var decidingFactors: [String]
    /// Monthly mean per factor, exact text.
    var means: [String: String]
    /// Per-factor classes.
    var factorClasses: [String: String]
    /// For drinking-water sources: whether the month meets class III and the supplementary limits.
    var drinkingSourceCompliant: Bool?
    /// The standard applied.
    var standard: String
}

extension IndicatorsStore {
    /// Records (or replaces, for a corrected completion) one manifest's figures.
    func recordCompletion(manifest: String, figures: ManifestCompletionPayload.Figures, at: Date, db: Database) throws {
        let parts = [
            figures.hazardousTonnes, figures.hazardousUtilisedTonnes, figures.hazardousDisposedTonnes,
            figures.medicalTonnes,
            figures.medicalTreatedTonnes,
        ]
        guard parts.allSatisfy({ DecimalText.parse($0) != nil }) else { return }
        try db.execute(
            sql: """
                INSERT INTO wasteCompletion (manifest, year, county, hazardousTonnes, hazardousUtilisedTonnes,
                    hazardousDisposedTonnes, medicalTonnes, medicalTreatedTonnes, completedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET year = excluded.year, county = excluded.county,
                    hazardousTonnes = excluded.hazardousTonnes, hazardousUtilisedTonnes = excluded.hazardousUtilisedTonnes,
                    hazardousDisposedTonnes = excluded.hazardousDisposedTonnes, medicalTonnes = excluded.medicalTonnes,
                    medicalTreatedTonnes = excluded.medicalTreatedTonnes, completedAt = excluded.completedAt
                """,
            arguments: StatementArguments([manifest, figures.year, figures.county] as [any DatabaseValueConvertible])
                + StatementArguments(parts) + StatementArguments([at]))
    }

    /// The monthly class of a water section: monthly means of its valid hourly values, classified by GB 3838.
    func sectionMonth(_ section: String, month: String, db: Database) throws -> SectionMonth? {
        guard
            let station = try Row.fetchOne(
                db, sql: "SELECT kind, waterBody, drinkingSource FROM station WHERE mn = ?", arguments: [section]),
            (station["kind"] as String) == "water"
        else { return nil }
        let waterBody = WaterBodyKind(rawValue: station["waterBody"] as String) ?? .river
        let parts = month.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...12).contains(number),
            let start = Self.dayStart(String(format: "%04d-%02d-01", year, number)),
            let end = Self.dayStart(
                number == 12 ? String(format: "%04d-01-01", year + 1) : String(format: "%04d-%02d-01", year, number + 1)
            )
        else { return nil }
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT factor, value FROM hourly WHERE station = ? AND hourStart >= ? AND hourStart < ? AND valid = 1",
            arguments: [section, start, end])
        var byFactor: [String: [Decimal]] = [:]
        for row in rows {
            if let value = DecimalText.parse(row["value"]) { byFactor[row["factor"], default: []].append(value) }
        }
        var means: [String: String] = [:]
        var measurements: [SurfaceWaterMeasurement] = []
        for (code, values) in byFactor {
            guard let mean = DecimalText.mean(values) else { continue }
            means[code] = DecimalText.text(mean)
            if let factor = SurfaceWaterFactor(hj212Code: code) {
                measurements.append(SurfaceWaterMeasurement(factor, mean, unit: factor.hj212DefaultUnit))
            }
        }
        let assessment = try? GB3838Classifier.assessSection(measurements, waterBody: waterBody)
        var classes: [String: String] = [:]
        for result in assessment?.factorResults ?? [] { classes[result.factor.hj212Code] = result.waterClass.rawValue }
        var compliant: Bool?
        if (station["drinkingSource"] as String?) != nil, !measurements.isEmpty {
            compliant =
                (try? GB3838Classifier.assessDrinkingWaterSource(measurements, waterBody: waterBody))?.isCompliant
        }
        return SectionMonth(
            section: section, month: month, waterClass: assessment?.sectionClass?.rawValue,
            decidingFactors: assessment?.decidingFactors.map(\.hj212Code) ?? [], means: means, factorClasses: classes,
            drinkingSourceCompliant: compliant, standard: GB3838LimitTable.designation)
    }

    /// Every indicator with its current value and status, computing #4, #5, #7, #8, #9, #10, #17, #18 at `now`.
    func planIndicators(now: Date) async throws -> [PlanIndicatorView] {
        try await writer.read { db in
            let indicators = try PlanIndicator.order(Column("number")).fetchAll(db)
            return try indicators.map { indicator in
                var value: (String, String, String)?
                if let computed = try computedValue(indicator.number, now: now, db: db) {
                    value = (computed.0, computed.1, "computed")
                } else if let entered = try Row.fetchOne(
                    db,
                    sql: "SELECT period, value FROM planValue WHERE number = ? ORDER BY period DESC, id DESC LIMIT 1",
                    arguments: [indicator.number])
                {
                    value = (entered["value"], entered["period"], "entered")
                }
                return Self.view(indicator, value: value)
            }
        }
    }

    /// The view of an indicator with a value: progress from baseline to target, and the status.
    static func view(_ indicator: PlanIndicator, value: (String, String, String)?) -> PlanIndicatorView {
        guard let value, let number = DecimalText.parse(value.0) else {
            return PlanIndicatorView(
                indicator: indicator, value: nil, period: nil, source: nil, progressPercent: nil, status: "no-value")
        }
        guard let target = indicator.target.flatMap(DecimalText.parse) else {
            return PlanIndicatorView(
                indicator: indicator, value: value.0, period: value.1, source: value.2, progressPercent: nil,
                status: "no-target")
        }
        let onTrack = indicator.direction == "lower" ? number <= target : number >= target
        var progress: String?
        if let baseline = indicator.baseline.flatMap(DecimalText.parse), baseline != target {
            progress = DecimalText.text((number - baseline) / (target - baseline) * 100, places: 1)
        }
        return PlanIndicatorView(
            indicator: indicator, value: value.0, period: value.1, source: value.2, progressPercent: progress,
            status: onTrack ? "on-track" : "at-risk")
    }

    /// A computed value and its period, nil when the indicator is not computed or there is no data yet.
    private func computedValue(_ number: Int, now: Date, db: Database) throws -> (String, String)? {
        let today = ChinaLocalDate(containing: now)
        let year = String(today.year)
        switch number {
        case 9:
            let values = try String.fetchAll(
                db,
                sql: """
                    SELECT value FROM daily WHERE station = ? AND factor = 'a34004' AND statistic = 'mean' AND valid = 1
                      AND date LIKE ?
                    """,
                arguments: [cityScope, "\(year)-%"]
            ).compactMap(DecimalText.parse)
            return DecimalText.mean(values).map { (DecimalText.text($0, places: 1), year) }
        case 10:
            let aqis = try Int.fetchAll(
                db, sql: "SELECT aqi FROM aqiDaily WHERE scope = ? AND aqi IS NOT NULL AND date LIKE ?",
                arguments: [cityScope, "\(year)-%"])
            guard !aqis.isEmpty else { return nil }
            let good = aqis.filter { $0 <= 100 }.count
            return (DecimalText.text(Decimal(good) * 100 / Decimal(aqis.count), places: 1), year)
        case 17, 18:
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM wasteCompletion WHERE year = ?", arguments: [today.year])
            func sum(_ column: String) -> Decimal {
                rows.compactMap { DecimalText.parse($0[column] as String) }.reduce(0, +)
            }
            let (total, done) =
                number == 17
                ? (sum("hazardousTonnes"), sum("hazardousUtilisedTonnes") + sum("hazardousDisposedTonnes"))
                : (sum("medicalTonnes"), sum("medicalTreatedTonnes"))
            guard total > 0 else { return nil }
            return (DecimalText.text(done * 100 / total, places: 1), year)
        case 4, 5, 7, 8:
            let month = String(format: "%04d-%02d", today.year, today.month)
            let filter: String
            switch number {
            case 7: filter = "drinkingSource = 'city'"
            case 8: filter = "drinkingSource = 'county'"
            default: filter = "drinkingSource IS NULL"
            }
            let sections = try String.fetchAll(db, sql: "SELECT mn FROM station WHERE kind = 'water' AND \(filter)")
            let months = try sections.compactMap { try sectionMonth($0, month: month, db: db) }
            let counted: [Bool] = months.compactMap { section in
                switch number {
                case 4: return section.waterClass.flatMap(SurfaceWaterClass.init(rawValue:)).map { $0 <= .classIII }
                case 5: return section.waterClass.flatMap(SurfaceWaterClass.init(rawValue:)).map { $0 == .worseThanV }
                default: return section.drinkingSourceCompliant
                }
            }
            guard !counted.isEmpty else { return nil }
            let share = Decimal(counted.filter { $0 }.count) * 100 / Decimal(counted.count)
            return (DecimalText.text(share, places: 1), month)
        default:
            return nil
        }
    }

    /// Enters a value of an indicator (for those the system does not compute, or to record an official figure).
    func enterPlanValue(number: Int, period: String, value: String, sourceDocument: String?, by: String, now: Date)
        async throws -> Bool
    {
        try await writer.write { db in
            guard try PlanIndicator.fetchOne(db, key: number) != nil else { return false }
            try db.execute(
                sql:
                    "INSERT INTO planValue (number, period, value, sourceDocument, enteredBy, recordedAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [number, period, value, sourceDocument, by, now])
            return true
        }
    }

    /// Changes a target, keeping who, when and why; false when the indicator does not exist.
    func editTarget(number: Int, target: String?, reason: String, by: String, now: Date) async throws -> Bool {
        try await writer.write { db in
            guard var indicator = try PlanIndicator.fetchOne(db, key: number) else { return false }
            try db.execute(
                sql:
                    "INSERT INTO planTargetEdit (number, previousTarget, target, editedBy, reason, editedAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [number, indicator.target, target, by, reason, now])
            indicator.target = target
            try indicator.update(db)
            return true
        }
    }

    /// The entered values, target edits and (for #9, #10, #17, #18) computed yearly values of an indicator, oldest first.
    func planHistory(number: Int) async throws -> (
        values: [PlanValueEntry], edits: [PlanTargetEdit], computed: [ComputedValue]
    )? {
        try await writer.read { db in
            guard try PlanIndicator.fetchOne(db, key: number) != nil else { return nil }
            let values = try PlanValueEntry.fetchAll(
                db, sql: "SELECT * FROM planValue WHERE number = ? ORDER BY id", arguments: [number])
            let edits = try PlanTargetEdit.fetchAll(
                db, sql: "SELECT * FROM planTargetEdit WHERE number = ? ORDER BY id", arguments: [number])
            var computed: [ComputedValue] = []
            if [9, 10, 17, 18].contains(number) {
                let years = try Int.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT CAST(substr(date, 1, 4) AS INTEGER) FROM aqiDaily WHERE scope = ?
                        UNION SELECT DISTINCT year FROM wasteCompletion ORDER BY 1
                        """,
                    arguments: [cityScope])
                for year in years {
                    // Mid-year noon in China picks the year; these four are yearly figures.
                    guard let noon = Self.dayStart(String(format: "%04d-07-01", year))?.addingTimeInterval(12 * 3600),
                        let value = try computedValue(number, now: noon, db: db)
                    else { continue }
                    computed.append(ComputedValue(period: value.1, value: value.0))
                }
            }
            return (values, edits, computed)
        }
    }
}
