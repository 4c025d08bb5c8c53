import Domain
import Foundation
import Testing

/// Suite: HJ 633 real-time and daily reports.
@Suite("HJ 633 real-time and daily reports")
struct HJ633ReportTests {
    /// Checks: HJ 633—2012 real-time report: 1-hour gases, O3 8 h moving, PM from 24-hour moving means.
    @Test("HJ 633—2012 real-time report: 1-hour gases, O3 8 h moving, PM from 24-hour moving means")
    func hourly2012() {
        // Given
        let input = AQIHourlyInput(
            so2OneHour: ug("20"), no2OneHour: ug("50"), coOneHour: mg("0.8"),
            o3OneHour: ug("100"), o3EightHourMoving: ug("90"),
            pm10OneHour: ug("400"), pm25OneHour: ug("300"),
            pm10TwentyFourHourMoving: ug("80"), pm25TwentyFourHourMoving: ug("60"))

        // When
        let report = AQICalculator(standard: .hj633_2012).hourlyReport(input)

        // Then
        #expect(report.standard == .hj633_2012)
        #expect(report.kind == .hourly)
        #expect(report.subIndices.map(\.indicator) == [.so2, .no2, .pm10, .co, .o3OneHour, .o3EightHour, .pm25])
        #expect(report.subIndices.map(\.value) == [7, 25, 65, 8, 32, 45, 82])
        #expect(report.subIndex(for: .pm25)?.column == .pm25TwentyFourHour)
        #expect(report.subIndex(for: .pm25)?.concentration == ug("60"))
        #expect(report.subIndex(for: .so2)?.column == .so2OneHour)
        #expect(report.aqi == 82)
        #expect(report.level == .good)
        #expect(report.primaryPollutants == [.pm25])
        #expect(report.exceedingPollutants.isEmpty)
        #expect(report.publication == .complete)
    }

    /// Checks: HJ 633—2026 real-time report: 1-hour means of six pollutants, PM on the daily columns, no O3 8 h.
    @Test("HJ 633—2026 real-time report: 1-hour means of six pollutants, PM on the daily columns, no O3 8 h")
    func hourly2026() {
        // Given
        let input = AQIHourlyInput(
            so2OneHour: ug("10"), no2OneHour: ug("30"), coOneHour: mg("0.6"),
            o3OneHour: ug("150"), o3EightHourMoving: ug("900"),
            pm10OneHour: ug("100"), pm25OneHour: ug("45"),
            pm10TwentyFourHourMoving: ug("500"), pm25TwentyFourHourMoving: ug("400"))

        // When
        let report = AQICalculator(standard: .hj633_2026).hourlyReport(input)

        // Then
        #expect(report.standard == .hj633_2026)
        #expect(report.subIndices.map(\.indicator) == [.so2, .no2, .pm10, .co, .o3OneHour, .pm25])
        #expect(report.subIndices.map(\.value) == [4, 15, 86, 6, 47, 70])
        #expect(report.subIndex(for: .pm10)?.column == .pm10TwentyFourHour)
        #expect(report.subIndex(for: .pm10)?.concentration == ug("100"))
        #expect(report.aqi == 86)
        #expect(report.primaryIndicators == [.pm10])
        #expect(report.publication == .complete)
    }

    /// Checks: HJ 633—2012: SO2 1 h above 800 reports the SO2 24-hour sub-index instead.
    @Test("HJ 633—2012: SO2 1 h above 800 reports the SO2 24-hour sub-index instead")
    func so2FallbackTo24Hour() {
        // Given
        let input = AQIHourlyInput(
            so2OneHour: ug("900"), no2OneHour: ug("50"), coOneHour: mg("0.8"),
            o3OneHour: ug("100"), o3EightHourMoving: ug("90"),
            pm10TwentyFourHourMoving: ug("80"), pm25TwentyFourHourMoving: ug("60"),
            so2TwentyFourHour: ug("300"))

        // When
        let report = AQICalculator(standard: .hj633_2012).hourlyReport(input)

        // Then
        let so2 = report.subIndex(for: .so2)
        #expect(so2?.value == 124)
        #expect(so2?.basis == .so2OneHourAbove800UsedTwentyFourHour)
        #expect(so2?.column == .so2TwentyFourHour)
        #expect(so2?.concentration == ug("900"))
        #expect(so2?.evaluatedConcentration == 300)
        #expect(report.aqi == 124)
        #expect(report.level == .lightPollution)
        #expect(report.primaryPollutants == [.so2])
        #expect(report.exceedingPollutants == [.so2])
    }

    /// Checks: HJ 633—2012: SO2 1 h above 800 without a 24-hour mean is NA and the AQI comes from the rest.
    @Test("HJ 633—2012: SO2 1 h above 800 without a 24-hour mean is NA and the AQI comes from the rest")
    func so2FallbackUnavailable() {
        // Given
        let input = AQIHourlyInput(
            so2OneHour: ug("900"), no2OneHour: ug("50"), coOneHour: mg("0.8"),
            o3OneHour: ug("100"), o3EightHourMoving: ug("90"),
            pm10TwentyFourHourMoving: ug("80"), pm25TwentyFourHourMoving: ug("60"))

        // When
        let report = AQICalculator(standard: .hj633_2012).hourlyReport(input)

        // Then
        #expect(report.subIndex(for: .so2)?.value == nil)
        #expect(report.subIndex(for: .so2)?.basis == .notDefinedAboveColumn)
        #expect(report.unavailableIndicators == [.so2])
        #expect(report.publication == .publishedWithMissingIndicators)
        #expect(report.aqi == 82)
    }

    /// Checks: HJ 633—2026: SO2 1 h above 800 counts as 200.
    @Test("HJ 633—2026: SO2 1 h above 800 counts as 200")
    func so2CountedAs200() {
        // Given
        let input = AQIHourlyInput(
            so2OneHour: ug("900"), no2OneHour: ug("30"), coOneHour: mg("0.6"),
            o3OneHour: ug("150"), pm10OneHour: ug("100"), pm25OneHour: ug("45"))

        // When
        let report = AQICalculator(standard: .hj633_2026).hourlyReport(input)

        // Then
        #expect(report.subIndex(for: .so2)?.value == 200)
        #expect(report.subIndex(for: .so2)?.basis == .so2OneHourAbove800CountedAs200)
        #expect(report.aqi == 200)
        #expect(report.level == .moderatePollution)
        #expect(report.primaryPollutants == [.so2])
    }

    /// Checks: HJ 633—2012: O3 8 h above 800 takes the O3 1-hour sub-index, and O3 is one primary pollutant.
    @Test("HJ 633—2012: O3 8 h above 800 takes the O3 1-hour sub-index, and O3 is one primary pollutant")
    func o3EightHourFallbackHourly() {
        // Given
        let input = AQIHourlyInput(
            so2OneHour: ug("20"), no2OneHour: ug("50"), coOneHour: mg("0.8"),
            o3OneHour: ug("700"), o3EightHourMoving: ug("850"),
            pm10TwentyFourHourMoving: ug("80"), pm25TwentyFourHourMoving: ug("60"))

        // When
        let report = AQICalculator(standard: .hj633_2012).hourlyReport(input)

        // Then
        let o3 = report.subIndex(for: .o3EightHour)
        #expect(o3?.value == 275)
        #expect(o3?.basis == .o3EightHourAbove800UsedOneHour)
        #expect(o3?.column == .o3OneHour)
        #expect(report.aqi == 275)
        #expect(report.level == .heavyPollution)
        #expect(report.primaryIndicators == [.o3OneHour, .o3EightHour])
        #expect(report.primaryPollutants == [.o3])
        #expect(report.exceedingPollutants == [.o3])
    }

    /// Checks: HJ 633—2012 daily report: O3 maximum 8 h above 800 without a maximum 1 h is NA.
    @Test("HJ 633—2012 daily report: O3 maximum 8 h above 800 without a maximum 1 h is NA")
    func o3EightHourFallbackUnavailable() {
        // Given
        let input = AQIDailyInput(
            so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug("80"), pm25: ug("60"),
            o3MaximumEightHour: ug("801"))

        // When
        let report = AQICalculator(standard: .hj633_2012).dailyReport(input)

        // Then
        #expect(report.subIndex(for: .o3EightHour)?.basis == .notDefinedAboveColumn)
        #expect(Set(report.unavailableIndicators) == [.o3OneHour, .o3EightHour])
        #expect(report.aqi == 82)
    }

    /// Checks: HJ 633—2012 daily report indexes O3 maximum 1 h and maximum 8 h; HJ 633—2026 only the 8 h.
    @Test("HJ 633—2012 daily report indexes O3 maximum 1 h and maximum 8 h; HJ 633—2026 only the 8 h")
    func dailyOzoneItems() {
        // Given
        let input = AQIDailyInput(
            so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug("80"), pm25: ug("60"),
            o3MaximumOneHour: ug("250"), o3MaximumEightHour: ug("180"))

        // When
        let old = AQICalculator(standard: .hj633_2012).dailyReport(input)
        let new = AQICalculator(standard: .hj633_2026).dailyReport(input)

        // Then
        #expect(old.subIndices.map(\.indicator) == [.so2, .no2, .pm10, .co, .o3OneHour, .o3EightHour, .pm25])
        #expect(old.subIndices.map(\.value) == [20, 38, 65, 13, 125, 119, 82])
        #expect(old.aqi == 125)
        #expect(old.primaryIndicators == [.o3OneHour])
        #expect(old.exceedingIndicators == [.o3OneHour, .o3EightHour])
        #expect(old.exceedingPollutants == [.o3])
        #expect(new.subIndices.map(\.indicator) == [.so2, .no2, .pm10, .co, .o3EightHour, .pm25])
        #expect(new.subIndex(for: .pm10)?.value == 72)
        #expect(new.subIndex(for: .pm25)?.value == 100)
        #expect(new.aqi == 119)
        #expect(new.primaryPollutants == [.o3])
        #expect(new.exceedingPollutants == [.o3])
        #expect(new.publication == .complete)
    }

    /// Checks: HJ 633—2026 daily report: O3 maximum 8 h above 800 counts as 300.
    @Test("HJ 633—2026 daily report: O3 maximum 8 h above 800 counts as 300")
    func o3CountedAs300() {
        // Given
        let input = AQIDailyInput(
            so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug("80"), pm25: ug("40"),
            o3MaximumEightHour: ug("900"))

        // When
        let report = AQICalculator(standard: .hj633_2026).dailyReport(input)

        // Then
        #expect(report.subIndex(for: .o3EightHour)?.value == 300)
        #expect(report.aqi == 300)
        #expect(report.level == .heavyPollution)
    }

    /// Checks: Pollutants tied for the largest sub-index are all primary.
    @Test("Pollutants tied for the largest sub-index are all primary", arguments: AQIStandard.allCases)
    func tiedPrimaryPollutants(_ standard: AQIStandard) {
        // Given: the IAQI 100 rows of each version
        let pm10 = standard == .hj633_2026 ? "120" : "150"
        let pm25 = standard == .hj633_2026 ? "60" : "75"
        let input = AQIDailyInput(
            so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug(pm10), pm25: ug(pm25),
            o3MaximumOneHour: ug("100"), o3MaximumEightHour: ug("90"))

        // When
        let report = AQICalculator(standard: standard).dailyReport(input)

        // Then
        #expect(report.aqi == 100)
        #expect(report.primaryPollutants == [.pm10, .pm25])
        #expect(report.exceedingPollutants.isEmpty)
    }

    /// Checks: No primary pollutant when the AQI is 50 or less; one appears at 51.
    @Test("No primary pollutant when the AQI is 50 or less; one appears at 51")
    func primaryOnlyAbove50() {
        // Given
        let at50 = AQIDailyInput(
            so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug("40"), pm25: ug("35"),
            o3MaximumOneHour: ug("100"), o3MaximumEightHour: ug("90"))
        var at51 = at50
        at51.pm25 = ug("35.5")

        // When
        let low = AQICalculator(standard: .hj633_2012).dailyReport(at50)
        let high = AQICalculator(standard: .hj633_2012).dailyReport(at51)

        // Then
        #expect(low.aqi == 50)
        #expect(low.level == .excellent)
        #expect(low.primaryPollutants.isEmpty)
        #expect(high.aqi == 51)
        #expect(high.level == .good)
        #expect(high.primaryPollutants == [.pm25])
    }

    /// Checks: Exceeding pollutants are every pollutant above IAQI 100, not only the primary one.
    @Test("Exceeding pollutants are every pollutant above IAQI 100, not only the primary one")
    func exceedingPollutants() {
        // Given
        let input = AQIDailyInput(
            so2: ug("20"), no2: ug("81"), co: mg("0.5"), pm10: ug("80"), pm25: ug("76"),
            o3MaximumOneHour: ug("100"), o3MaximumEightHour: ug("90"))

        // When
        let report = AQICalculator(standard: .hj633_2012).dailyReport(input)

        // Then
        #expect(report.aqi == 102)
        #expect(report.primaryPollutants == [.pm25])
        #expect(report.exceedingPollutants == [.no2, .pm25])
    }

    /// Checks: HJ 633—2026 §5.3: with a pollutant missing, an AQI of 100 or less is withheld.
    @Test("HJ 633—2026 §5.3: with a pollutant missing, an AQI of 100 or less is withheld")
    func missingWithheldUnder2026() {
        // Given
        let input = AQIDailyInput(
            so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug("100"),
            o3MaximumEightHour: ug("90"))

        // When
        let report = AQICalculator(standard: .hj633_2026).dailyReport(input)

        // Then
        #expect(report.unavailableIndicators == [.pm25])
        #expect(report.subIndex(for: .pm25)?.basis == .missing)
        #expect(report.maximumAvailableSubIndex == 86)
        #expect(report.aqi == nil)
        #expect(report.level == nil)
        #expect(report.primaryPollutants.isEmpty)
        #expect(report.publication == .withheldForMissingIndicators)
    }

    /// Checks: HJ 633—2026 §5.3: with a pollutant missing, an AQI above 100 is published.
    @Test("HJ 633—2026 §5.3: with a pollutant missing, an AQI above 100 is published")
    func missingPublishedAbove100Under2026() {
        // Given
        let input = AQIDailyInput(
            so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug("121"),
            o3MaximumEightHour: ug("90"))

        // When
        let report = AQICalculator(standard: .hj633_2026).dailyReport(input)

        // Then
        #expect(report.aqi == 101)
        #expect(report.publication == .publishedWithMissingIndicators)
        #expect(report.primaryPollutants == [.pm10])
    }

    /// Checks: HJ 633—2012: with a pollutant missing, the AQI of the others is published and the gap listed.
    @Test("HJ 633—2012: with a pollutant missing, the AQI of the others is published and the gap listed")
    func missingUnder2012() {
        // Given
        let input = AQIDailyInput(
            so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug("80"),
            o3MaximumOneHour: ug("100"), o3MaximumEightHour: ug("90"))

        // When
        let report = AQICalculator(standard: .hj633_2012).dailyReport(input)

        // Then
        #expect(report.aqi == 65)
        #expect(report.unavailableIndicators == [.pm25])
        #expect(report.publication == .publishedWithMissingIndicators)
    }

    /// Checks: A report with nothing measured has no AQI.
    @Test("A report with nothing measured has no AQI", arguments: AQIStandard.allCases)
    func noData(_ standard: AQIStandard) {
        // When
        let hourly = AQICalculator(standard: standard).hourlyReport(AQIHourlyInput())
        let daily = AQICalculator(standard: standard).dailyReport(AQIDailyInput())

        // Then
        #expect(hourly.aqi == nil)
        #expect(hourly.publication == .noData)
        #expect(daily.aqi == nil)
        #expect(daily.publication == .noData)
    }

    /// Checks: The calculator picks the version from the data's local date.
    @Test("The calculator picks the version from the data's local date")
    func calculatorByDate() throws {
        // Given
        let lastOld = try #require(ChinaLocalDate(year: 2026, month: 2, day: 28))
        let firstNew = try #require(ChinaLocalDate(year: 2026, month: 3, day: 1))
        let input = AQIDailyInput(pm10: ug("120"))

        // When
        let oldReport = AQICalculator(forDataOn: lastOld).dailyReport(input)
        let newReport = AQICalculator(forDataOn: firstNew).dailyReport(input)

        // Then
        #expect(oldReport.standard == .hj633_2012)
        #expect(oldReport.subIndex(for: .pm10)?.value == 85)
        #expect(newReport.standard == .hj633_2026)
        #expect(newReport.subIndex(for: .pm10)?.value == 100)
    }

    /// Checks: A report survives a JSON round trip unchanged.
    @Test("A report survives a JSON round trip unchanged")
    func codableRoundTrip() throws {
        // Given
        let report = AQICalculator(standard: .hj633_2026).dailyReport(
            AQIDailyInput(
                so2: ug("20"), no2: ug("30"), co: mg("0.5"), pm10: ug("80"), pm25: ug("40.5"),
                o3MaximumEightHour: ug("900")))

        // When
        let data = try JSONEncoder().encode(report)
        let decoded = try JSONDecoder().decode(AQIReport.self, from: data)

        // Then
        #expect(decoded == report)
    }

    /// Checks: AQI is the largest integer sub-index.
    @Test("AQI is the largest integer sub-index")
    func aqiOfSubIndices() {
        #expect(AQICalculator.aqi(ofSubIndices: [12, 87, 86]) == 87)
        #expect(AQICalculator.aqi(ofSubIndices: []) == nil)
    }
}
