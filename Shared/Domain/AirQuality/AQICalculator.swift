import Foundation

/// Builds HJ 633 real-time (实时报) and daily (日报) reports under one version of the standard.
public struct AQICalculator: Sendable, Hashable {
    /// The HJ 633 version applied.
    public let standard: AQIStandard

    /// A calculator for an explicitly chosen version.
    public init(standard: AQIStandard) {
        self.standard = standard
    }

    /// A calculator for the version in force on the data's local (Asia/Shanghai) day.
    public init(forDataOn date: ChinaLocalDate) {
        self.init(standard: AQIStandard.inForce(on: date))
    }

    /// A calculator for the version in force at an instant inside the data's averaging period.
    public init(forDataAt instant: Date) {
        self.init(standard: AQIStandard.inForce(at: instant))
    }

    /// The real-time report of one hour.
    ///
    /// HJ 633—2012: SO2, NO2, CO, O3 on their 1-hour columns, O3 8-hour moving mean on the 8-hour
    /// column, PM10/PM2.5 24-hour moving means on the 24-hour columns. HJ 633—2026: the 1-hour means
    /// of all six pollutants, with PM10/PM2.5 on the 24-hour columns and no O3 8-hour item.
    public func hourlyReport(_ input: AQIHourlyInput) -> AQIReport {
        var results: [IAQIResult] = []
        switch standard {
        case .hj633_2012:
            results.append(so2HourlyUnder2012(oneHour: input.so2OneHour, twentyFourHour: input.so2TwentyFourHour))
            results.append(indicator(.no2, input.no2OneHour, .no2OneHour))
            results.append(indicator(.pm10, input.pm10TwentyFourHourMoving, .pm10TwentyFourHour))
            results.append(indicator(.co, input.coOneHour, .coOneHour))
            let o3OneHour = indicator(.o3OneHour, input.o3OneHour, .o3OneHour)
            results.append(o3OneHour)
            results.append(o3EightHour(input.o3EightHourMoving, oneHour: o3OneHour))
            results.append(indicator(.pm25, input.pm25TwentyFourHourMoving, .pm25TwentyFourHour))
        case .hj633_2026:
            results.append(indicator(.so2, input.so2OneHour, .so2OneHour))
            results.append(indicator(.no2, input.no2OneHour, .no2OneHour))
            results.append(indicator(.pm10, input.pm10OneHour, .pm10TwentyFourHour))
            results.append(indicator(.co, input.coOneHour, .coOneHour))
            results.append(indicator(.o3OneHour, input.o3OneHour, .o3OneHour))
            results.append(indicator(.pm25, input.pm25OneHour, .pm25TwentyFourHour))
        }
        return AQIReport(standard: standard, kind: .hourly, subIndices: results)
    }

    /// The daily report of one day.
    ///
    /// Both versions index the 24-hour means of SO2, NO2, CO, PM10 and PM2.5 and the O3 daily maximum
    /// 8-hour mean; HJ 633—2012 also indexes the O3 daily maximum 1-hour mean.
    public func dailyReport(_ input: AQIDailyInput) -> AQIReport {
        var results: [IAQIResult] = [
            indicator(.so2, input.so2, .so2TwentyFourHour),
            indicator(.no2, input.no2, .no2TwentyFourHour),
            indicator(.pm10, input.pm10, .pm10TwentyFourHour),
            indicator(.co, input.co, .coTwentyFourHour),
        ]
        switch standard {
        case .hj633_2012:
            let o3OneHour = indicator(.o3OneHour, input.o3MaximumOneHour, .o3OneHour)
            results.append(o3OneHour)
            results.append(o3EightHour(input.o3MaximumEightHour, oneHour: o3OneHour))
        case .hj633_2026:
            results.append(indicator(.o3EightHour, input.o3MaximumEightHour, .o3EightHour))
        }
        results.append(indicator(.pm25, input.pm25, .pm25TwentyFourHour))
        return AQIReport(standard: standard, kind: .daily, subIndices: results)
    }

    /// The AQI of a set of integer sub-indices (formula 2: the maximum), nil when empty.
    public static func aqi(ofSubIndices subIndices: [Int]) -> Int? {
        subIndices.max()
    }

    /// One indicator on one column, or "NA" when not measured.
    private func indicator(
        _ indicator: AQIIndicator, _ concentration: AirConcentration?,
        _ column: AQIBreakpointColumn
    ) -> IAQIResult {
        guard let concentration else {
            return IAQIResult(
                indicator: indicator, concentration: nil, column: column,
                evaluatedConcentration: nil, value: nil, basis: .missing)
        }
        let value = IAQICalculator.subIndex(of: concentration, column: column, standard: standard)
        return IAQIResult(indicator: indicator, concentration: concentration, columnValue: value)
    }

    /// HJ 633—2012 SO2 in the real-time report: above 800 µg/m³ the 24-hour sub-index stands in.
    private func so2HourlyUnder2012(oneHour: AirConcentration?, twentyFourHour: AirConcentration?) -> IAQIResult {
        let hourly = indicator(.so2, oneHour, .so2OneHour)
        guard hourly.basis == .notDefinedAboveColumn else { return hourly }
        guard let twentyFourHour else { return hourly }
        let daily = IAQICalculator.subIndex(of: twentyFourHour, column: .so2TwentyFourHour, standard: standard)
        guard let value = daily.value else { return hourly }
        return IAQIResult(
            indicator: .so2, concentration: oneHour, column: .so2TwentyFourHour,
            evaluatedConcentration: daily.evaluatedConcentration, value: value,
            basis: .so2OneHourAbove800UsedTwentyFourHour)
    }

    /// O3 8-hour item; under HJ 633—2012 a value above 800 µg/m³ takes the O3 1-hour sub-index.
    private func o3EightHour(_ concentration: AirConcentration?, oneHour: IAQIResult) -> IAQIResult {
        let eightHour = indicator(.o3EightHour, concentration, .o3EightHour)
        guard eightHour.basis == .notDefinedAboveColumn, let value = oneHour.value else { return eightHour }
        return IAQIResult(
            indicator: .o3EightHour, concentration: concentration, column: .o3OneHour,
            evaluatedConcentration: oneHour.evaluatedConcentration, value: value,
            basis: .o3EightHourAbove800UsedOneHour)
    }
}
