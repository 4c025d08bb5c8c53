import Domain
import Foundation
import GRDB

/// Aggregation: readings → hourly and daily values with validity → station and city AQI.
///
/// Everything runs inside the subscriber's transaction of the event that brought the readings, and
/// recomputes exactly the hours and days the readings touch (late and corrected data included).
extension IndicatorsStore {
    /// Statistics that carry a period's value (run states `RS` are kept for the facility rule).
    static let valueStatistics: Set<String> = ["Avg", "Rtd", "Data"]

    /// The air pollutant an HJ 212 factor code stands for, if any.
    static func pollutant(of factor: String) -> AirPollutant? {
        AirPollutant.allCases.first { $0.hj212FactorCode == factor }
    }

    /// Applies one measurement event: registry, samples, hours, days, AQI, city values, rules.
    func absorb(_ payload: MeasurementPayload, db: Database) throws {
        let station = payload.station
        guard !station.isEmpty, station.count <= 64, !station.hasPrefix("city:") else { return }
        let advanced = try registerStation(payload, db: db)
        var touchedHours: [String: Set<Date>] = [:]
        var touchedDays: [String: Set<String>] = [:]
        let hour = Self.hourStart(of: payload.periodStart)
        for reading in payload.readings {
            guard !reading.factor.isEmpty, let raw = DecimalText.parse(reading.value) else { continue }
            let value = Self.standardised(raw, factor: reading.factor, unit: reading.unit)
            try db.execute(
                sql: """
                    INSERT INTO sample (station, factor, periodKind, periodStart, statistic, value, flag)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET value = excluded.value, flag = excluded.flag
                    """,
                arguments: [
                    station, reading.factor, payload.periodKind, payload.periodStart, reading.statistic,
                    DecimalText.text(value, places: 6), reading.flag,
                ])
            guard Self.valueStatistics.contains(reading.statistic) else { continue }
            switch payload.periodKind {
            case "instant", "minute", "hour":
                touchedHours[reading.factor, default: []].insert(hour)
            case "day":
                touchedDays[reading.factor, default: []].insert(LocalClock.date(of: payload.periodStart))
            default:
                continue
            }
        }
        // Hours, then the days they belong to.
        for (factor, hours) in touchedHours {
            for hour in hours {
                try recomputeHour(station: station, factor: factor, hour: hour, kind: payload.kind, db: db)
                touchedDays[factor, default: []].insert(LocalClock.date(of: hour))
            }
        }
        for (factor, days) in touchedDays {
            for day in days {
                try recomputeDay(scope: station, factor: factor, date: day, db: db)
            }
        }
        let allHours = Set(touchedHours.values.flatMap { $0 })
        let allDays = Set(touchedDays.values.flatMap { $0 })
        if payload.kind == "air" {
            try recomputeAQI(scope: station, hours: allHours, days: allDays, db: db)
            if try isInCity(station, db: db) {
                try recomputeCity(factorsHours: touchedHours, factorsDays: touchedDays, db: db)
            }
        }
        try evaluateStationRules(
            station: station, kind: payload.kind, hours: allHours, periodKind: payload.periodKind,
            periodStart: payload.periodStart, advanced: advanced, db: db)
    }

    /// Learns or refreshes the station; returns whether its latest period moved forward.
    private func registerStation(_ payload: MeasurementPayload, db: Database) throws -> Bool {
        let now = Date()
        let existing = try Row.fetchOne(
            db, sql: "SELECT intervalSeconds, lastPeriodStart FROM station WHERE mn = ?", arguments: [payload.station])
        guard let existing else {
            let interval = payload.periodKind == "day" ? 86_400 : 3600
            try db.execute(
                sql: """
                    INSERT INTO station (mn, kind, st, department, inCity, intervalSeconds, lastPeriodStart, firstSeenAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    payload.station, payload.kind, payload.st, payload.department, payload.kind == "air",
                    interval, payload.periodStart, now, now,
                ])
            return true
        }
        var interval: Int = existing["intervalSeconds"]
        let last: Date? = existing["lastPeriodStart"]
        if payload.periodKind == "minute" || payload.periodKind == "instant", let last {
            let gap = Int(payload.periodStart.timeIntervalSince(last).rounded())
            if gap >= 60, gap < interval { interval = gap }
        }
        let advanced = last.map { payload.periodStart > $0 } ?? true
        let latest = advanced ? payload.periodStart : last
        try db.execute(
            sql: """
                UPDATE station SET kind = ?, st = ?, department = ?, intervalSeconds = ?, lastPeriodStart = ?, updatedAt = ?
                WHERE mn = ?
                """,
            arguments: [payload.kind, payload.st, payload.department, interval, latest, now, payload.station])
        return advanced
    }

    /// Whether a station counts towards the city values.
    private func isInCity(_ station: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT inCity FROM station WHERE mn = ?", arguments: [station]) ?? false
    }

    /// Air values in the unit the standards use (CO in mg/m³, the others in µg/m³), converted on purpose.
    static func standardised(_ value: Decimal, factor: String, unit: String?) -> Decimal {
        guard let pollutant = pollutant(of: factor), let unit else { return value }
        let micro = unit.contains("µg") || unit.contains("ug") || unit.contains("μg")
        let milli = unit.hasPrefix("mg")
        if pollutant == .co, micro { return value / 1000 }
        if pollutant != .co, milli { return value * 1000 }
        return value
    }

    /// The start of the UTC hour containing `date` (China's offset is whole hours, so local hours too).
    static func hourStart(of date: Date) -> Date {
        let seconds = date.timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 3600).rounded(.down) * 3600)
    }

    /// The UTC instant of local (Asia/Shanghai) midnight starting `date`.
    static func dayStart(_ date: String) -> Date? {
        LocalClock.start(of: date)
    }

    // MARK: - Hours

    /// Recomputes one station's hourly value of one factor from hourly data, else from minute or real-time data.
    func recomputeHour(station: String, factor: String, hour: Date, kind: String, db: Database) throws {
        let end = hour.addingTimeInterval(3600)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT periodKind, periodStart, statistic, value, flag FROM sample
                WHERE station = ? AND factor = ? AND periodStart >= ? AND periodStart < ?
                  AND periodKind IN ('hour', 'minute', 'instant') AND statistic IN ('Avg', 'Rtd', 'Data')
                """,
            arguments: [station, factor, hour, end])
        let hourRows = rows.filter { ($0["periodKind"] as String) == "hour" && ($0["periodStart"] as Date) == hour }
        var value: Decimal?
        var coverage = 0
        var valid = false
        var basis = "hour"
        if let row = hourRows.sorted(by: {
            ($0["statistic"] as String) == "Avg" && ($1["statistic"] as String) != "Avg"
        }).first {
            value = DecimalText.parse(row["value"])
            valid = value != nil && Self.isNormal(row["flag"])
            coverage = 60
        } else {
            let minuteRows = rows.filter { ($0["periodKind"] as String) == "minute" }
            let chosen = minuteRows.isEmpty ? rows.filter { ($0["periodKind"] as String) == "instant" } : minuteRows
            basis = minuteRows.isEmpty ? "instant" : "minute"
            var points: [(Date, Decimal)] = []
            for row in chosen where Self.isNormal(row["flag"]) {
                if let number = DecimalText.parse(row["value"]) { points.append((row["periodStart"], number)) }
            }
            if chosen.isEmpty {
                try db.execute(
                    sql: "DELETE FROM hourly WHERE station = ? AND factor = ? AND hourStart = ?",
                    arguments: [station, factor, hour])
                return
            }
            coverage = Self.coveredMinutes(points.map(\.0), hour: hour)
            value = DecimalText.mean(points.map(\.1))
            if kind == "air" {
                valid = value != nil && coverage >= 45
            } else {
                valid = value != nil
            }
        }
        guard let value else {
            try db.execute(
                sql: "DELETE FROM hourly WHERE station = ? AND factor = ? AND hourStart = ?",
                arguments: [station, factor, hour])
            return
        }
        try db.execute(
            sql: """
                INSERT INTO hourly (station, factor, hourStart, value, coverage, valid, basis) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET value = excluded.value, coverage = excluded.coverage, valid = excluded.valid,
                    basis = excluded.basis
                """,
            arguments: [station, factor, hour, DecimalText.text(value), coverage, valid, basis])
    }

    /// Whether a data flag means valid data (no flag counts as normal).
    static func isNormal(_ flag: String?) -> Bool {
        guard let flag, !flag.isEmpty else { return true }
        return HJ212DataFlag(rawValue: flag)?.isNormal ?? false
    }

    /// Minutes of the hour covered by samples, each covering up to the station's sampling step.
    ///
    /// The step is the smallest gap between consecutive samples (one minute when there is only one).
    static func coveredMinutes(_ starts: [Date], hour: Date) -> Int {
        let minutes = Set(
            starts.map { Int(($0.timeIntervalSince(hour) / 60).rounded(.down)) }.filter { (0..<60).contains($0) }
        )
        .sorted()
        guard !minutes.isEmpty else { return 0 }
        var step = 60
        for (a, b) in zip(minutes, minutes.dropFirst()) where b - a < step { step = b - a }
        if minutes.count == 1 { step = 1 }
        var covered = Set<Int>()
        for start in minutes {
            for minute in start..<min(60, start + step) { covered.insert(minute) }
        }
        return covered.count
    }

    // MARK: - Days

    /// Recomputes a scope's daily statistics of one factor: mean (and for O3 the maximum 1-hour and 8-hour values).
    func recomputeDay(scope: String, factor: String, date: String, db: Database) throws {
        guard let start = Self.dayStart(date) else { return }
        let hours = try hourSeries(scope: scope, factor: factor, from: start, count: 24, db: db)
        try db.execute(
            sql: "DELETE FROM daily WHERE station = ? AND factor = ? AND date = ?", arguments: [scope, factor, date])
        let pollutant = Self.pollutant(of: factor)
        // Daily data sent by the station itself wins over the mean of the hours.
        let dayRow = try Row.fetchOne(
            db,
            sql: """
                SELECT value, flag FROM sample WHERE station = ? AND factor = ? AND periodKind = 'day' AND periodStart = ?
                  AND statistic IN ('Avg', 'Data', 'Rtd') LIMIT 1
                """,
            arguments: [scope, factor, start])
        if let dayRow, Self.isNormal(dayRow["flag"]), let value = DecimalText.parse(dayRow["value"]) {
            try insertDaily(scope, factor, date, "mean", value, 24, true, db)
        } else if let pollutant {
            let mean = GB3095DataValidity.dailyMean(ofHourlyMeans: hours, pollutant: pollutant)
            if let value = mean.value {
                // O3 has no daily-mean rule in GB 3095; the 20-hour minimum is used for it as well.
                let valid = mean.validity == .noRuleInStandard ? mean.count >= 20 : mean.isValid
                try insertDaily(scope, factor, date, "mean", value, mean.count, valid, db)
            }
        } else {
            let values = hours.compactMap { $0 }
            if let value = DecimalText.mean(values) {
                try insertDaily(scope, factor, date, "mean", value, values.count, true, db)
            }
        }
        guard pollutant == .o3 else { return }
        let present = hours.compactMap { $0 }
        if let maximum = present.max() {
            try insertDaily(
                scope, factor, date, "max1h", maximum, present.count, present.count >= 20 || maximum > 200, db)
        }
        let windows = GB3095DataValidity.eightHourMovingMeans(ofHourlyMeans: hours)
        let eightHour = GB3095DataValidity.o3DailyMaximumEightHour(
            ofEightHourMeans: windows.map { $0.isValid ? $0.value : nil }, limit: 160)
        if let value = eightHour.value {
            try insertDaily(scope, factor, date, "max8h", value, eightHour.count, eightHour.isValid, db)
        }
    }

    private func insertDaily(
        _ scope: String, _ factor: String, _ date: String, _ statistic: String, _ value: Decimal, _ count: Int,
        _ valid: Bool, _ db: Database
    ) throws {
        try db.execute(
            sql:
                "INSERT INTO daily (station, factor, date, statistic, value, count, valid) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [scope, factor, date, statistic, DecimalText.text(value), count, valid])
    }

    /// Valid hourly values of `count` hours from `start`, nil where an hour has no valid value.
    func hourSeries(scope: String, factor: String, from start: Date, count: Int, db: Database) throws -> [Decimal?] {
        var series = [Decimal?](repeating: nil, count: count)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT hourStart, value FROM hourly WHERE station = ? AND factor = ? AND hourStart >= ? AND hourStart < ?
                  AND valid = 1
                """,
            arguments: [scope, factor, start, start.addingTimeInterval(Double(count) * 3600)])
        for row in rows {
            let index = Int(((row["hourStart"] as Date).timeIntervalSince(start) / 3600).rounded())
            if (0..<count).contains(index) { series[index] = DecimalText.parse(row["value"]) }
        }
        return series
    }

    // MARK: - AQI

    /// Recomputes hourly AQI for `hours` (and, under HJ 633—2012, the later hours whose moving means include them) and daily AQI for `days`.
    func recomputeAQI(scope: String, hours: Set<Date>, days: Set<String>, db: Database) throws {
        var targets = Set<Date>()
        for hour in hours {
            targets.insert(hour)
            if LocalClock.standard(at: hour) == .hj633_2012 {
                for offset in 1..<24 {
                    let later = hour.addingTimeInterval(Double(offset) * 3600)
                    if LocalClock.standard(at: later) == .hj633_2012 { targets.insert(later) }
                }
            }
        }
        for hour in targets.sorted() {
            try recomputeHourlyAQI(scope: scope, hour: hour, db: db)
        }
        for day in days.sorted() {
            _ = try recomputeDailyAQI(scope: scope, date: day, db: db)
        }
    }

    /// The HJ 633 real-time report of one scope and hour, stored (or removed when there is no data).
    func recomputeHourlyAQI(scope: String, hour: Date, db: Database) throws {
        let calculator = AQICalculator(standard: LocalClock.standard(at: hour))
        func value(_ pollutant: AirPollutant) throws -> AirConcentration? {
            guard let code = pollutant.hj212FactorCode else { return nil }
            let series = try hourSeries(scope: scope, factor: code, from: hour, count: 1, db: db)
            return series[0].map { AirConcentration($0, pollutant.standardUnit) }
        }
        func moving(_ pollutant: AirPollutant, hours: Int, minimum: Int) throws -> AirConcentration? {
            guard let code = pollutant.hj212FactorCode else { return nil }
            let series = try hourSeries(
                scope: scope, factor: code, from: hour.addingTimeInterval(-Double(hours - 1) * 3600), count: hours,
                db: db)
            let present = series.compactMap { $0 }
            guard present.count >= minimum, let mean = DecimalText.mean(present) else { return nil }
            return AirConcentration(mean, pollutant.standardUnit)
        }
        var input = AQIHourlyInput(
            so2OneHour: try value(.so2), no2OneHour: try value(.no2), coOneHour: try value(.co),
            o3OneHour: try value(.o3), pm10OneHour: try value(.pm10), pm25OneHour: try value(.pm25))
        if calculator.standard == .hj633_2012 {
            input.o3EightHourMoving = try moving(.o3, hours: 8, minimum: 6)
            input.pm10TwentyFourHourMoving = try moving(.pm10, hours: 24, minimum: 20)
            input.pm25TwentyFourHourMoving = try moving(.pm25, hours: 24, minimum: 20)
            input.so2TwentyFourHour = try moving(.so2, hours: 24, minimum: 20)
        }
        let hasAny = [
            input.so2OneHour, input.no2OneHour, input.coOneHour, input.o3OneHour, input.pm10OneHour,
            input.pm25OneHour,
        ].contains { $0 != nil }
        guard hasAny else {
            try db.execute(sql: "DELETE FROM aqiHourly WHERE scope = ? AND hourStart = ?", arguments: [scope, hour])
            return
        }
        let report = calculator.hourlyReport(input)
        try db.execute(
            sql: """
                INSERT INTO aqiHourly (scope, hourStart, standard, aqi, level, primaryPollutants, report, computedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET standard = excluded.standard, aqi = excluded.aqi, level = excluded.level,
                    primaryPollutants = excluded.primaryPollutants, report = excluded.report, computedAt = excluded.computedAt
                """,
            arguments: [
                scope, hour, report.standard.rawValue, report.aqi, report.level?.rawValue,
                report.primaryPollutants.map(\.rawValue).joined(separator: ","), try Self.json(report), Date(),
            ])
    }

    /// The HJ 633 daily report of one scope and local day; returns the report and whether it changed.
    @discardableResult
    func recomputeDailyAQI(scope: String, date: String, db: Database) throws -> (
        AQIReport, changed: Bool, revision: Int
    )? {
        guard let dayStart = LocalClock.start(of: date) else { return nil }
        let rows = try Row.fetchAll(
            db, sql: "SELECT factor, statistic, value FROM daily WHERE station = ? AND date = ? AND valid = 1",
            arguments: [scope, date])
        func find(_ pollutant: AirPollutant, _ statistic: String) -> AirConcentration? {
            guard let code = pollutant.hj212FactorCode,
                let row = rows.first(where: {
                    ($0["factor"] as String) == code && ($0["statistic"] as String) == statistic
                }),
                let value = DecimalText.parse(row["value"])
            else { return nil }
            return AirConcentration(value, pollutant.standardUnit)
        }
        let input = AQIDailyInput(
            so2: find(.so2, "mean"), no2: find(.no2, "mean"), co: find(.co, "mean"), pm10: find(.pm10, "mean"),
            pm25: find(.pm25, "mean"), o3MaximumOneHour: find(.o3, "max1h"), o3MaximumEightHour: find(.o3, "max8h"))
        let report = AQICalculator(standard: LocalClock.standard(at: dayStart)).dailyReport(input)
        let previous = try Row.fetchOne(
            db,
            sql: "SELECT aqi, level, primaryPollutants, standard, revision FROM aqiDaily WHERE scope = ? AND date = ?",
            arguments: [scope, date])
        let primary = report.primaryPollutants.map(\.rawValue).joined(separator: ",")
        var changed = true
        var revision = 0
        if let previous {
            let oldAQI: Int? = previous["aqi"]
            let oldPrimary: String = previous["primaryPollutants"]
            let oldStandard: String = previous["standard"]
            changed = oldAQI != report.aqi || oldPrimary != primary || oldStandard != report.standard.rawValue
            revision = (previous["revision"] as Int) + (changed ? 1 : 0)
        }
        try db.execute(
            sql: """
                INSERT INTO aqiDaily (scope, date, standard, aqi, level, primaryPollutants, report, revision, computedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET standard = excluded.standard, aqi = excluded.aqi, level = excluded.level,
                    primaryPollutants = excluded.primaryPollutants, report = excluded.report, revision = excluded.revision,
                    computedAt = excluded.computedAt
                """,
            arguments: [
                scope, date, report.standard.rawValue, report.aqi, report.level?.rawValue, primary,
                try Self.json(report),
                revision, Date(),
            ])
        return (report, changed, revision)
    }

    /// JSON text of a value, for report columns.
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try EventEnvelope.makeEncoder().encode(value), as: UTF8.self)
    }

    // MARK: - City

    /// Recomputes the city's hourly and daily values touched by one station's data, its AQI, and
    /// publishes `aqi.city.daily` for every city day whose figure is new or changed.
    private func recomputeCity(
        factorsHours: [String: Set<Date>], factorsDays: [String: Set<String>], db: Database
    ) throws {
        let city = cityScope
        var cityHours = Set<Date>()
        var cityDays = Set<String>()
        for (factor, hours) in factorsHours where Self.pollutant(of: factor) != nil {
            for hour in hours {
                let values = try String.fetchAll(
                    db,
                    sql: """
                        SELECT h.value FROM hourly h JOIN station s ON s.mn = h.station
                        WHERE s.inCity = 1 AND h.factor = ? AND h.hourStart = ? AND h.valid = 1
                        """,
                    arguments: [factor, hour]
                ).compactMap(DecimalText.parse)
                if let mean = DecimalText.mean(values) {
                    try db.execute(
                        sql: """
                            INSERT INTO hourly (station, factor, hourStart, value, coverage, valid, basis) VALUES (?, ?, ?, ?, ?, 1, 'stations')
                            ON CONFLICT DO UPDATE SET value = excluded.value, coverage = excluded.coverage, valid = 1
                            """,
                        arguments: [city, factor, hour, DecimalText.text(mean), values.count])
                } else {
                    try db.execute(
                        sql: "DELETE FROM hourly WHERE station = ? AND factor = ? AND hourStart = ?",
                        arguments: [city, factor, hour])
                }
                cityHours.insert(hour)
            }
        }
        for (factor, days) in factorsDays where Self.pollutant(of: factor) != nil {
            for day in days {
                try db.execute(
                    sql: "DELETE FROM daily WHERE station = ? AND factor = ? AND date = ?",
                    arguments: [city, factor, day])
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT d.statistic, d.value FROM daily d JOIN station s ON s.mn = d.station
                        WHERE s.inCity = 1 AND d.factor = ? AND d.date = ? AND d.valid = 1
                        """,
                    arguments: [factor, day])
                for statistic in ["mean", "max1h", "max8h"] {
                    let values = rows.filter { ($0["statistic"] as String) == statistic }.compactMap {
                        DecimalText.parse($0["value"] as String)
                    }
                    if let mean = DecimalText.mean(values) {
                        try insertDaily(city, factor, day, statistic, mean, values.count, true, db)
                    }
                }
                cityDays.insert(day)
            }
        }
        for hour in cityHours.sorted() {
            try recomputeHourlyAQI(scope: city, hour: hour, db: db)
        }
        for day in cityDays.sorted() {
            guard let result = try recomputeDailyAQI(scope: city, date: day, db: db), result.changed else { continue }
            let published =
                try Int.fetchOne(
                    db, sql: "SELECT published FROM aqiDaily WHERE scope = ? AND date = ?", arguments: [city, day]) ?? 0
            // A day is first published once it has an AQI; after that every change is a revision.
            guard result.0.aqi != nil || published > 0 else { continue }
            try publishCityDay(date: day, report: result.0, revised: published > 0, db: db)
            try db.execute(
                sql: "UPDATE aqiDaily SET published = published + 1 WHERE scope = ? AND date = ?",
                arguments: [city, day])
        }
    }

    /// Writes `aqi.city.daily.<city>` and evaluates the heavy-pollution rules on the day's AQI.
    private func publishCityDay(date: String, report: AQIReport, revised: Bool, db: Database) throws {
        guard let start = Self.dayStart(date) else { return }
        let event = CityDailyAQIEvent(
            city: cityCode, date: date, aqi: report.aqi, level: report.level?.rawValue,
            primaryPollutants: report.primaryPollutants.map(\.rawValue), forecast: false,
            standard: report.standard.designation, revised: revised)
        try outbox.enqueue(
            db, topic: "aqi.city.daily.\(cityCode)", type: EventType("aqi.city.daily"), payload: event, time: start)
        if let aqi = report.aqi {
            try evaluateCityDay(date: date, start: start, aqi: aqi, standard: report.standard.designation, db: db)
        }
    }
}
