import Domain
import Foundation
import Testing

/// One expected GB 3095 limit.
struct AmbientLimitCase: Sendable, CustomTestStringConvertible {
    /// The limit set.
    let limitSet: GB3095LimitSet
    /// The pollutant.
    let pollutant: AirPollutant
    /// The averaging period.
    let period: AmbientAveragingPeriod
    /// The zone class.
    let zoneClass: AmbientAirZoneClass
    /// The expected value as decimal text, nil when the reference states none.
    let expected: String?

    /// Creates a case.
    init(
        _ limitSet: GB3095LimitSet, _ pollutant: AirPollutant, _ period: AmbientAveragingPeriod,
        _ zoneClass: AmbientAirZoneClass, _ expected: String?
    ) {
        self.limitSet = limitSet
        self.pollutant = pollutant
        self.period = period
        self.zoneClass = zoneClass
        self.expected = expected
    }

    /// Names the case in test output.
    var testDescription: String {
        "\(limitSet.rawValue) \(pollutant.rawValue) \(period.rawValue) class \(zoneClass.rawValue) = \(expected ?? "none")"
    }
}

/// GB 3095—2012 Table 1 and 2 (also the 2026 transition column) and the 2026 final Grade II values.
let ambientLimitCases: [AmbientLimitCase] = {
    let table2012: [(AirPollutant, AmbientAveragingPeriod, String, String)] = [
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
    let final2026: [(AirPollutant, AmbientAveragingPeriod, String)] = [
        (.so2, .annual, "20"), (.so2, .twentyFourHour, "50"), (.so2, .oneHour, "150"),
        (.no2, .annual, "30"), (.no2, .twentyFourHour, "50"), (.no2, .oneHour, "200"),
        (.co, .twentyFourHour, "4"), (.co, .oneHour, "10"),
        (.o3, .dailyMaximumEightHour, "160"), (.o3, .oneHour, "200"),
        (.pm10, .annual, "50"), (.pm10, .twentyFourHour, "100"),
        (.pm25, .annual, "25"), (.pm25, .twentyFourHour, "50"),
        (.nox, .annual, "40"), (.nox, .twentyFourHour, "70"),
    ]
    var cases: [AmbientLimitCase] = []
    for set in [GB3095LimitSet.gb3095_2012, .gb3095_2026Transition] {
        for (pollutant, period, class1, class2) in table2012 {
            cases.append(AmbientLimitCase(set, pollutant, period, .class1, class1))
            cases.append(AmbientLimitCase(set, pollutant, period, .class2, class2))
        }
    }
    for (pollutant, period, class2) in final2026 {
        cases.append(AmbientLimitCase(.gb3095_2026Final, pollutant, period, .class2, class2))
        cases.append(AmbientLimitCase(.gb3095_2026Final, pollutant, period, .class1, nil))
    }
    cases.append(AmbientLimitCase(.gb3095_2026Final, .tsp, .annual, .class2, nil))
    cases.append(AmbientLimitCase(.gb3095_2026Final, .lead, .quarterly, .class2, nil))
    return cases
}()

/// Suite: GB 3095 concentration limits.
@Suite("GB 3095 concentration limits")
struct GB3095LimitTests {
    /// Checks: Every stated limit has its value and unit; unstated ones are absent.
    @Test("Every stated limit has its value and unit; unstated ones are absent", arguments: ambientLimitCases)
    func limitValue(_ row: AmbientLimitCase) {
        // When
        let limit = GB3095LimitTable.limit(
            for: row.pollutant, period: row.period, zoneClass: row.zoneClass,
            in: row.limitSet)

        // Then
        #expect(limit?.value == row.expected.map(dec))
        if let limit {
            #expect(limit.unit == (row.pollutant == .co ? .milligramsPerCubicMetre : .microgramsPerCubicMetre))
            #expect(limit.limitSet == row.limitSet)
        }
    }

    /// Checks: Each set holds exactly the stated limits.
    @Test(
        "Each set holds exactly the stated limits",
        arguments: [
            (GB3095LimitSet.gb3095_2012, 46),
            (.gb3095_2026Transition, 46), (.gb3095_2026Final, 16),
        ])
    func limitCount(_ set: GB3095LimitSet, _ count: Int) {
        #expect(GB3095LimitTable.limits(in: set).count == count)
        #expect(GB3095LimitTable.limits(in: set).allSatisfy { !$0.value.isNaN })
    }

    /// Checks: The limit in force is chosen by the data's date.
    @Test("The limit in force is chosen by the data's date")
    func limitByDate() throws {
        // Given
        let transition = try #require(ChinaLocalDate(year: 2030, month: 12, day: 31))
        let final = try #require(ChinaLocalDate(year: 2031, month: 1, day: 1))

        // When
        let before = GB3095LimitTable.limit(for: .pm25, period: .annual, zoneClass: .class2, on: transition)
        let after = GB3095LimitTable.limit(for: .pm25, period: .annual, zoneClass: .class2, on: final)

        // Then
        #expect(before?.value == 35)
        #expect(after?.value == 25)
    }

    /// Checks: A value equal to the limit meets it; one just above does not; units convert exactly.
    @Test("A value equal to the limit meets it; one just above does not; units convert exactly")
    func limitCompliance() throws {
        // Given
        let pm25 = try #require(
            GB3095LimitTable.limit(
                for: .pm25, period: .twentyFourHour, zoneClass: .class2,
                in: .gb3095_2012))
        let co = try #require(GB3095LimitTable.limit(for: .co, period: .oneHour, zoneClass: .class2, in: .gb3095_2012))

        // Then
        #expect(pm25.isMet(by: ug("75")))
        #expect(!pm25.isMet(by: ug("75.1")))
        #expect(co.isMet(by: mg("10")))
        #expect(co.isMet(by: ug("10000")))
        #expect(!co.isMet(by: ug("10001")))
    }
}
