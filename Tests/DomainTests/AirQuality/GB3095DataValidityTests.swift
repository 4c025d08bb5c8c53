import Domain
import Foundation
import Testing

/// Suite: GB 3095 data-validity rules.
@Suite("GB 3095 data-validity rules")
struct GB3095DataValidityTests {
    /// Checks: A 1-hour mean needs 45 minutes of sampling.
    @Test(
        "A 1-hour mean needs 45 minutes of sampling",
        arguments: [(44, GB3095Validity.insufficientData), (45, .valid), (60, .valid)])
    func oneHourMean(_ minutes: Int, _ expected: GB3095Validity) {
        for pollutant in [AirPollutant.so2, .no2, .co, .o3, .nox] {
            #expect(GB3095DataValidity.oneHourMeanValidity(samplingMinutes: minutes, pollutant: pollutant) == expected)
        }
    }

    /// Checks: GB 3095 states no 1-hour sampling rule for PM10 or PM2.5.
    @Test("GB 3095 states no 1-hour sampling rule for PM10 or PM2.5")
    func noOneHourRuleForParticles() {
        #expect(GB3095DataValidity.oneHourMeanValidity(samplingMinutes: 60, pollutant: .pm25) == .noRuleInStandard)
    }

    /// Checks: A daily mean needs 20 hourly means.
    @Test("A daily mean needs 20 hourly means", arguments: [(19, false), (20, true), (24, true)])
    func dailyMean(_ present: Int, _ valid: Bool) {
        // Given
        let hours: [Decimal?] = (0..<24).map { $0 < present ? Decimal(10 + $0) : nil }

        // When
        let result = GB3095DataValidity.dailyMean(ofHourlyMeans: hours, pollutant: .pm25)

        // Then
        #expect(result.isValid == valid)
        #expect(result.count == present)
        let expectedSum = (0..<present).reduce(0) { $0 + 10 + $1 }
        #expect(result.value == Decimal(expectedSum) / Decimal(present))
    }

    /// Checks: TSP, BaP and Pb daily means need 24 hours of sampling.
    @Test("TSP, BaP and Pb daily means need 24 hours of sampling", arguments: [AirPollutant.tsp, .benzoAPyrene, .lead])
    func dailyFilterSampling(_ pollutant: AirPollutant) {
        #expect(GB3095DataValidity.dailyMeanValidity(samplingHours: 23, pollutant: pollutant) == .insufficientData)
        #expect(GB3095DataValidity.dailyMeanValidity(samplingHours: 24, pollutant: pollutant) == .valid)
    }

    /// Checks: An O3 8-hour mean needs 6 hourly means in the window.
    @Test("An O3 8-hour mean needs 6 hourly means in the window", arguments: [(5, false), (6, true), (8, true)])
    func eightHourMean(_ present: Int, _ valid: Bool) {
        // Given
        let window: [Decimal?] = (0..<8).map { $0 < present ? Decimal(100) : nil }

        // When
        let result = GB3095DataValidity.eightHourMean(ofHourlyMeans: window)

        // Then
        #expect(result.isValid == valid)
        #expect(result.value == 100)
    }

    /// Checks: Moving 8-hour means slide one hour at a time and end at the last hour of each window.
    @Test("Moving 8-hour means slide one hour at a time and end at the last hour of each window")
    func movingMeans() {
        // Given
        let hours: [Decimal?] = (1...10).map { Decimal($0) }

        // When
        let means = GB3095DataValidity.eightHourMovingMeans(ofHourlyMeans: hours)

        // Then
        #expect(means.count == 3)
        #expect(means.map(\.value) == [dec("4.5"), dec("5.5"), dec("6.5")])
        #expect(means.allSatisfy { $0.isValid })
    }

    /// Checks: O3 daily maximum 8 h needs 14 valid 8-hour means, unless the maximum already exceeds the limit.
    @Test("O3 daily maximum 8 h needs 14 valid 8-hour means, unless the maximum already exceeds the limit")
    func dailyMaximumEightHour() {
        // Given
        let thirteen: [Decimal?] = (0..<17).map { $0 < 13 ? Decimal(100 + $0) : nil }
        let fourteen: [Decimal?] = (0..<17).map { $0 < 14 ? Decimal(100 + $0) : nil }

        // When
        let short = GB3095DataValidity.o3DailyMaximumEightHour(ofEightHourMeans: thirteen, limit: 160)
        let shortButOver = GB3095DataValidity.o3DailyMaximumEightHour(ofEightHourMeans: thirteen, limit: 110)
        let enough = GB3095DataValidity.o3DailyMaximumEightHour(ofEightHourMeans: fourteen)

        // Then
        #expect(short.validity == .insufficientData)
        #expect(short.value == 112)
        #expect(shortButOver.validity == .valid)
        #expect(enough.validity == .valid)
        #expect(enough.value == 113)
    }

    /// Checks: An annual mean needs 324 days and 27 a month (25 in February).
    @Test("An annual mean needs 324 days and 27 a month (25 in February)")
    func annualMean() throws {
        // Given: 27 days in every month except February with 25, plus extra days to reach 324
        var days: [ChinaLocalDate: Decimal] = [:]
        for month in 1...12 {
            let count = month == 2 ? 25 : 27
            for day in 1...count {
                let date = try #require(ChinaLocalDate(year: 2025, month: month, day: day))
                days[date] = 30
            }
        }
        for day in 28...30 {
            for month in [1, 3, 5, 7, 8, 10] {
                let date = try #require(ChinaLocalDate(year: 2025, month: month, day: day))
                days[date] = 30
            }
        }
        let total = 11 * 27 + 25 + 18
        #expect(days.count == total)
        var shortFebruary = days
        shortFebruary[try #require(ChinaLocalDate(year: 2025, month: 2, day: 25))] = nil
        var otherYear = days
        otherYear[try #require(ChinaLocalDate(year: 2024, month: 6, day: 1))] = 500

        // When
        let valid = GB3095DataValidity.annualMean(ofDailyMeans: days, year: 2025, pollutant: .pm25)
        let invalid = GB3095DataValidity.annualMean(ofDailyMeans: shortFebruary, year: 2025, pollutant: .pm25)
        let filtered = GB3095DataValidity.annualMean(ofDailyMeans: otherYear, year: 2025, pollutant: .pm25)

        // Then
        #expect(total == 340)
        #expect(valid.isValid)
        #expect(valid.value == 30)
        #expect(invalid.validity == .insufficientData)
        #expect(invalid.monthsBelowMinimum == [2])
        #expect(filtered.value == 30)
        #expect(filtered.count == total)
    }

    /// Checks: An annual mean with every month full but fewer than 324 days is invalid.
    @Test("An annual mean with every month full but fewer than 324 days is invalid")
    func annualMeanTotal() throws {
        // Given: 27 days a month, 25 in February = 322 days
        var days: [ChinaLocalDate: Decimal] = [:]
        for month in 1...12 {
            for day in 1...(month == 2 ? 25 : 27) {
                days[try #require(ChinaLocalDate(year: 2025, month: month, day: day))] = 40
            }
        }
        days[try #require(ChinaLocalDate(year: 2025, month: 1, day: 28))] = 40

        // When
        let result = GB3095DataValidity.annualMean(ofDailyMeans: days, year: 2025, pollutant: .so2)

        // Then
        #expect(result.count == 323)
        #expect(result.validity == .insufficientData)
        #expect(result.monthsBelowMinimum.isEmpty)
    }

    /// Checks: Pb quarterly mean needs 15 days and 5 in each month of the quarter.
    @Test("Pb quarterly mean needs 15 days and 5 in each month of the quarter")
    func quarterlyLead() throws {
        // Given
        var days: [ChinaLocalDate: Decimal] = [:]
        for month in 4...6 {
            for day in 1...5 {
                days[try #require(ChinaLocalDate(year: 2025, month: month, day: day))] = dec("0.2")
            }
        }
        var short = days
        short[try #require(ChinaLocalDate(year: 2025, month: 5, day: 5))] = nil
        short[try #require(ChinaLocalDate(year: 2025, month: 4, day: 10))] = dec("0.2")

        // When
        let valid = GB3095DataValidity.quarterlyMean(ofDailyMeans: days, year: 2025, quarter: 2)
        let invalid = GB3095DataValidity.quarterlyMean(ofDailyMeans: short, year: 2025, quarter: 2)

        // Then
        #expect(valid.isValid)
        #expect(valid.value == dec("0.2"))
        #expect(invalid.count == 15)
        #expect(invalid.monthsBelowMinimum == [5])
        #expect(!invalid.isValid)
    }

    /// Checks: Rules carry their minimums.
    @Test(
        "Rules carry their minimums",
        arguments: [
            (AirPollutant.pm25, GB3095Statistic.annualMean, 324), (.tsp, .annualMean, 60), (.lead, .quarterlyMean, 15),
            (.co, .dailyMean, 20), (.o3, .eightHourMean, 6), (.no2, .oneHourMean, 45),
        ])
    func requirementMinimums(_ pollutant: AirPollutant, _ statistic: GB3095Statistic, _ minimum: Int) {
        #expect(GB3095DataValidity.requirement(for: pollutant, statistic: statistic)?.minimumCount == minimum)
    }

    /// Checks: CO and O3 have no annual-mean rule.
    @Test("CO and O3 have no annual-mean rule")
    func noAnnualRule() {
        #expect(GB3095DataValidity.requirement(for: .co, statistic: .annualMean) == nil)
        #expect(GB3095DataValidity.requirement(for: .o3, statistic: .annualMean) == nil)
    }
}
