import Domain
import Foundation
import GRDB

/// Year-to-date statistics of a station or the city.
struct YearToDate: Codable, Sendable, Equatable {
    /// One pollutant's year so far.
    struct Pollutant: Codable, Sendable, Equatable {
        /// The pollutant (`PM2.5`, …).
        var pollutant: String
        /// The HJ 212 factor code.
        var factor: String
        /// Statistic: `mean of daily means` (O3: `mean of daily maximum 8-hour means`).
        var statistic: String
        /// The value, exact text, nil without valid days.
        var value: String?
        /// Valid days counted.
        var days: Int
        /// GB 3095 annual validity (≥ 324 days, ≥ 27 a month, February ≥ 25) for the year so far; `noRuleInStandard` for CO and O3.
        var validity: String
    }

    /// Station MN or `city:<code>`.
    var scope: String
    /// The year.
    var year: Int
    /// Per pollutant.
    var pollutants: [Pollutant]
    /// Days with a daily AQI.
    var daysWithAQI: Int
    /// Of which AQI ≤ 100 (优良).
    var goodDays: Int
    /// Good days share, percent, exact text.
    var goodDayShare: String?
    /// Days with AQI > 200 (heavy or severe pollution).
    var heavyPollutionDays: Int
}

extension IndicatorsStore {
    /// Year-to-date means of the valid daily values and the day counts by AQI.
    func yearToDate(scope: String, year: Int) async throws -> YearToDate {
        try await writer.read { db in
            var pollutants: [YearToDate.Pollutant] = []
            for pollutant in [AirPollutant.so2, .no2, .pm10, .pm25, .co, .o3] {
                guard let code = pollutant.hj212FactorCode else { continue }
                let statistic = pollutant == .o3 ? "max8h" : "mean"
                let rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT date, value FROM daily WHERE station = ? AND factor = ? AND statistic = ? AND valid = 1 AND date LIKE ?",
                    arguments: [scope, code, statistic, String(format: "%04d-%%", year)])
                var daily: [ChinaLocalDate: Decimal] = [:]
                for row in rows {
                    if let date = ChinaLocalDate(isoString: row["date"]), let value = DecimalText.parse(row["value"]) {
                        daily[date] = value
                    }
                }
                let annual = GB3095DataValidity.annualMean(ofDailyMeans: daily, year: year, pollutant: pollutant)
                pollutants.append(
                    YearToDate.Pollutant(
                        pollutant: pollutant.rawValue, factor: code,
                        statistic: pollutant == .o3 ? "mean of daily maximum 8-hour means" : "mean of daily means",
                        value: annual.value.map { DecimalText.text($0, places: 1) }, days: annual.count,
                        validity: annual.validity.rawValue))
            }
            let aqis = try Int.fetchAll(
                db, sql: "SELECT aqi FROM aqiDaily WHERE scope = ? AND aqi IS NOT NULL AND date LIKE ?",
                arguments: [scope, String(format: "%04d-%%", year)])
            let good = aqis.filter { $0 <= 100 }.count
            return YearToDate(
                scope: scope, year: year, pollutants: pollutants, daysWithAQI: aqis.count, goodDays: good,
                goodDayShare: aqis.isEmpty
                    ? nil : DecimalText.text(Decimal(good) * 100 / Decimal(aqis.count), places: 1),
                heavyPollutionDays: aqis.filter { $0 > 200 }.count)
        }
    }
}
