import Foundation

/// GB 3095—2012 and GB 3095—2026 concentration limits (Tables 1 and 2) as data.
public enum GB3095LimitTable: Sendable {
    /// One row: pollutant, period, Grade I (class 1) value and Grade II (class 2) value as decimal text.
    private typealias Row = (pollutant: AirPollutant, period: AmbientAveragingPeriod, class1: String?, class2: String)

    /// GB 3095—2012, which the 2026 transition column repeats.
    private static let rows2012: [Row] = [
        (.so2, .annual, "20", "60"), (.so2, .twentyFourHour, "50", "150"), (.so2, .oneHour, "150", "500"),
        (.no2, .annual, "40", "40"), (.no2, .twentyFourHour, "80", "80"), (.no2, .oneHour, "200", "200"),
        (.co, .twentyFourHour, "4", "4"), (.co, .oneHour, "10", "10"),
        (.o3, .dailyMaximumEightHour, "100", "160"), (.o3, .oneHour, "160", "200"),
        (.pm10, .annual, "40", "70"), (.pm10, .twentyFourHour, "50", "150"),
        (.pm25, .annual, "15", "35"), (.pm25, .twentyFourHour, "35", "75"),
        (.tsp, .annual, "80", "200"), (.tsp, .twentyFourHour, "120", "300"),
        (.nox, .annual, "50", "50"), (.nox, .twentyFourHour, "100", "100"), (.nox, .oneHour, "250", "250"),
        (.lead, .annual, "0.5", "0.5"), (.lead, .quarterly, "1", "1"),
        (.benzoAPyrene, .annual, "0.001", "0.001"), (.benzoAPyrene, .twentyFourHour, "0.0025", "0.0025"),
    ]

    /// GB 3095—2026 final Grade II values; Grade I final values and final TSP/Pb/BaP/NOx 1 h are not in the reference.
    private static let rows2026Final: [Row] = [
        (.so2, .annual, nil, "20"), (.so2, .twentyFourHour, nil, "50"), (.so2, .oneHour, nil, "150"),
        (.no2, .annual, nil, "30"), (.no2, .twentyFourHour, nil, "50"), (.no2, .oneHour, nil, "200"),
        (.co, .twentyFourHour, nil, "4"), (.co, .oneHour, nil, "10"),
        (.o3, .dailyMaximumEightHour, nil, "160"), (.o3, .oneHour, nil, "200"),
        (.pm10, .annual, nil, "50"), (.pm10, .twentyFourHour, nil, "100"),
        (.pm25, .annual, nil, "25"), (.pm25, .twentyFourHour, nil, "50"),
        (.nox, .annual, nil, "40"), (.nox, .twentyFourHour, nil, "70"),
    ]

    /// Every limit of one set that the reference states.
    public static func limits(in limitSet: GB3095LimitSet) -> [GB3095Limit] {
        let rows = limitSet == .gb3095_2026Final ? rows2026Final : rows2012
        return rows.flatMap { row -> [GB3095Limit] in
            var limits: [GB3095Limit] = []
            if let class1 = row.class1 {
                limits.append(limit(limitSet, row, .class1, class1))
            }
            limits.append(limit(limitSet, row, .class2, row.class2))
            return limits
        }
    }

    /// The limit for a pollutant, period and zone class in one set, nil when the set states none.
    public static func limit(
        for pollutant: AirPollutant, period: AmbientAveragingPeriod,
        zoneClass: AmbientAirZoneClass, in limitSet: GB3095LimitSet
    ) -> GB3095Limit? {
        limits(in: limitSet).first { $0.pollutant == pollutant && $0.period == period && $0.zoneClass == zoneClass }
    }

    /// The limit in force on a local (Asia/Shanghai) day.
    public static func limit(
        for pollutant: AirPollutant, period: AmbientAveragingPeriod,
        zoneClass: AmbientAirZoneClass, on date: ChinaLocalDate
    ) -> GB3095Limit? {
        limit(for: pollutant, period: period, zoneClass: zoneClass, in: GB3095LimitSet.inForce(on: date))
    }

    /// Builds one limit value from a row.
    private static func limit(
        _ limitSet: GB3095LimitSet, _ row: Row, _ zoneClass: AmbientAirZoneClass,
        _ text: String
    ) -> GB3095Limit {
        GB3095Limit(
            limitSet: limitSet, pollutant: row.pollutant, period: row.period, zoneClass: zoneClass,
            value: ExactDecimal.literal(text), unit: row.pollutant.standardUnit)
    }
}
