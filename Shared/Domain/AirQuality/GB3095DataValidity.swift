import Foundation

/// GB 3095 data-validity rules (Table 4): which means are valid, and the means themselves.
///
/// The minimums are the same in GB 3095—2012 and GB 3095—2026. Values are supplied already
/// screened: a nil entry is an hour or day without a valid value.
public enum GB3095DataValidity: Sendable {
    /// The validity rule for a pollutant and statistic, nil when the standard has none.
    public static func requirement(for pollutant: AirPollutant, statistic: GB3095Statistic)
        -> GB3095ValidityRequirement?
    {
        switch (statistic, pollutant) {
        case (.annualMean, .so2), (.annualMean, .no2), (.annualMean, .pm10), (.annualMean, .pm25), (.annualMean, .nox):
            return GB3095ValidityRequirement(
                statistic: .annualMean, minimumCount: 324, counted: .dailyMeans,
                monthlyMinimum: 27, februaryMinimum: 25)
        case (.annualMean, .tsp), (.annualMean, .benzoAPyrene), (.annualMean, .lead):
            return GB3095ValidityRequirement(
                statistic: .annualMean, minimumCount: 60, counted: .dailyMeans,
                monthlyMinimum: 5, requiresEvenSpread: true)
        case (.quarterlyMean, .lead):
            return GB3095ValidityRequirement(
                statistic: .quarterlyMean, minimumCount: 15, counted: .dailyMeans,
                monthlyMinimum: 5, requiresEvenSpread: true)
        case (.dailyMean, .so2), (.dailyMean, .no2), (.dailyMean, .co), (.dailyMean, .pm10),
            (.dailyMean, .pm25), (.dailyMean, .nox):
            return GB3095ValidityRequirement(statistic: .dailyMean, minimumCount: 20, counted: .hourlyMeans)
        case (.dailyMean, .tsp), (.dailyMean, .benzoAPyrene), (.dailyMean, .lead):
            return GB3095ValidityRequirement(statistic: .dailyMean, minimumCount: 24, counted: .samplingHours)
        case (.eightHourMean, .o3):
            return GB3095ValidityRequirement(statistic: .eightHourMean, minimumCount: 6, counted: .hourlyMeans)
        case (.dailyMaximumEightHourMean, .o3):
            // HJ 663 practice (reference marks it as memory): 14 of the 17 windows ending 08:00–24:00.
            return GB3095ValidityRequirement(
                statistic: .dailyMaximumEightHourMean, minimumCount: 14,
                counted: .eightHourMeans)
        case (.oneHourMean, .so2), (.oneHourMean, .no2), (.oneHourMean, .co), (.oneHourMean, .o3), (.oneHourMean, .nox):
            return GB3095ValidityRequirement(statistic: .oneHourMean, minimumCount: 45, counted: .samplingMinutes)
        default:
            return nil
        }
    }

    /// Whether a count satisfies a rule's total minimum (equal to the minimum is enough).
    public static func satisfies(count: Int, _ requirement: GB3095ValidityRequirement) -> Bool {
        count >= requirement.minimumCount
    }

    /// Validity of a 1-hour mean from its minutes of sampling (≥ 45 for SO2, NO2, CO, O3, NOx).
    public static func oneHourMeanValidity(samplingMinutes: Int, pollutant: AirPollutant) -> GB3095Validity {
        validity(count: samplingMinutes, requirement(for: pollutant, statistic: .oneHourMean))
    }

    /// Validity of a TSP, BaP or Pb daily mean from its hours of sampling (24 needed).
    public static func dailyMeanValidity(samplingHours: Int, pollutant: AirPollutant) -> GB3095Validity {
        validity(count: samplingHours, requirement(for: pollutant, statistic: .dailyMean))
    }

    /// The daily mean of a day's hourly means (nil = no valid value), valid with ≥ 20 values.
    ///
    /// For TSP, BaP and Pb each present hourly value counts as one hour of sampling, so 24 are needed.
    public static func dailyMean(ofHourlyMeans hourlyMeans: [Decimal?], pollutant: AirPollutant) -> GB3095MeanResult {
        let values = hourlyMeans.compactMap { $0 }
        let rule = requirement(for: pollutant, statistic: .dailyMean)
        return GB3095MeanResult(
            pollutant: pollutant, statistic: .dailyMean, value: mean(values),
            count: values.count, requirement: rule, validity: validity(count: values.count, rule))
    }

    /// The O3 8-hour mean of one window of hourly means, valid with ≥ 6 values; only the last 8 slots are used.
    public static func eightHourMean(ofHourlyMeans window: [Decimal?]) -> GB3095MeanResult {
        let values = window.suffix(8).compactMap { $0 }
        let rule = requirement(for: .o3, statistic: .eightHourMean)
        return GB3095MeanResult(
            pollutant: .o3, statistic: .eightHourMean, value: mean(values),
            count: values.count, requirement: rule, validity: validity(count: values.count, rule))
    }

    /// O3 8-hour moving means of an hourly series; element k covers hours k…k+7 (so it ends at hour k+7).
    public static func eightHourMovingMeans(ofHourlyMeans hourlyMeans: [Decimal?]) -> [GB3095MeanResult] {
        guard hourlyMeans.count >= 8 else { return [] }
        return (7..<hourlyMeans.count).map { end in
            eightHourMean(ofHourlyMeans: Array(hourlyMeans[(end - 7)...end]))
        }
    }

    /// The O3 daily maximum 8-hour mean from the day's 8-hour means (windows ending 08:00–24:00).
    ///
    /// Valid with ≥ 14 valid 8-hour means; with fewer it is still valid when the maximum is already
    /// above `limit` (HJ 663 practice; the reference marks this rule as from memory).
    public static func o3DailyMaximumEightHour(
        ofEightHourMeans eightHourMeans: [Decimal?],
        limit: Decimal? = nil
    ) -> GB3095MeanResult {
        let values = eightHourMeans.compactMap { $0 }
        let rule = requirement(for: .o3, statistic: .dailyMaximumEightHourMean)
        let maximum = values.max()
        var outcome = validity(count: values.count, rule)
        if outcome == .insufficientData, let limit, let maximum, maximum > limit {
            outcome = .valid
        }
        return GB3095MeanResult(
            pollutant: .o3, statistic: .dailyMaximumEightHourMean, value: maximum,
            count: values.count, requirement: rule, validity: outcome)
    }

    /// The annual mean of a year's daily means, checking the yearly and monthly minimums.
    ///
    /// Only days of `year` are used. SO2, NO2, PM10, PM2.5, NOx: ≥ 324 days and ≥ 27 a month
    /// (February ≥ 25). TSP, BaP, Pb: ≥ 60 days and ≥ 5 a month.
    public static func annualMean(
        ofDailyMeans dailyMeans: [ChinaLocalDate: Decimal], year: Int,
        pollutant: AirPollutant
    ) -> GB3095MeanResult {
        periodMean(dailyMeans, months: Array(1...12), year: year, pollutant: pollutant, statistic: .annualMean)
    }

    /// The quarterly mean (quarter 1–4) of daily means, for Pb: ≥ 15 days and ≥ 5 a month.
    public static func quarterlyMean(
        ofDailyMeans dailyMeans: [ChinaLocalDate: Decimal], year: Int, quarter: Int,
        pollutant: AirPollutant = .lead
    ) -> GB3095MeanResult {
        let firstMonth = (min(max(quarter, 1), 4) - 1) * 3 + 1
        return periodMean(
            dailyMeans, months: Array(firstMonth...(firstMonth + 2)), year: year,
            pollutant: pollutant, statistic: .quarterlyMean)
    }

    /// Mean over the given months of a year with total and per-month checks.
    private static func periodMean(
        _ dailyMeans: [ChinaLocalDate: Decimal], months: [Int], year: Int,
        pollutant: AirPollutant, statistic: GB3095Statistic
    ) -> GB3095MeanResult {
        let inPeriod = dailyMeans.filter { $0.key.year == year && months.contains($0.key.month) }
        let rule = requirement(for: pollutant, statistic: statistic)
        var outcome = validity(count: inPeriod.count, rule)
        var shortMonths: [Int] = []
        if let rule {
            for month in months {
                let count = inPeriod.keys.filter { $0.month == month }.count
                if let minimum = rule.monthlyMinimum(forMonth: month), count < minimum {
                    shortMonths.append(month)
                }
            }
            if !shortMonths.isEmpty { outcome = .insufficientData }
        }
        return GB3095MeanResult(
            pollutant: pollutant, statistic: statistic, value: mean(Array(inPeriod.values)),
            count: inPeriod.count, requirement: rule, validity: outcome,
            monthsBelowMinimum: shortMonths)
    }

    /// Arithmetic mean, nil for no values.
    private static func mean(_ values: [Decimal]) -> Decimal? {
        guard !values.isEmpty else { return nil }
        return values.reduce(Decimal(0), +) / Decimal(values.count)
    }

    /// Applies a rule's total minimum, or reports that there is no rule.
    private static func validity(count: Int, _ rule: GB3095ValidityRequirement?) -> GB3095Validity {
        guard let rule else { return .noRuleInStandard }
        return satisfies(count: count, rule) ? .valid : .insufficientData
    }
}
