import Domain
import Foundation
import Testing

/// Suite: HJ 633 sub-index rules: rounding, units, out-of-range values.
@Suite("HJ 633 sub-index rules: rounding, units, out-of-range values")
struct HJ633SubIndexRuleTests {
    /// Checks: HJ 633—2012 rounds the IAQI up and keeps the concentration as given (reference example PM2.5 35.5 → 51).
    @Test("HJ 633—2012 rounds the IAQI up and keeps the concentration as given (reference example PM2.5 35.5 → 51)")
    func roundingUpUnder2012() {
        // Given
        let concentration = ug("35.5")

        // When
        let result = IAQICalculator.subIndex(of: concentration, column: .pm25TwentyFourHour, standard: .hj633_2012)

        // Then
        #expect(result.value == 51)
        #expect(result.evaluatedConcentration == dec("35.5"))
    }

    /// Checks: Exact breakpoints give exact sub-indices, even where the slope is a repeating decimal.
    @Test(
        "Exact breakpoints give exact sub-indices, even where the slope is a repeating decimal",
        arguments: [("35", 50), ("75", 100)])
    func exactBreakpoints(_ text: String, _ expected: Int) {
        // When
        let result = IAQICalculator.subIndex(of: ug(text), column: .pm25TwentyFourHour, standard: .hj633_2012)

        // Then
        #expect(result.value == expected)
    }

    /// Checks: SO2 24 h 475 sits on a 325-wide segment (slope 50/325) and still gives exactly 150.
    @Test("SO2 24 h 475 sits on a 325-wide segment (slope 50/325) and still gives exactly 150")
    func repeatingSlope() {
        // When
        let at = IAQICalculator.subIndex(of: ug("475"), column: .so2TwentyFourHour, standard: .hj633_2012)
        let justAbove = IAQICalculator.subIndex(of: ug("150.001"), column: .so2TwentyFourHour, standard: .hj633_2012)

        // Then
        #expect(at.value == 150)
        #expect(justAbove.value == 101)
    }

    /// Checks: CO worked examples of standards.md §1.7 (python-aqi gives 50 and 51 here).
    @Test(
        "CO worked examples of standards.md §1.7 (python-aqi gives 50 and 51 here)",
        arguments: [("2.5", 63), ("3.9", 98)])
    func coWorkedExamples(_ text: String, _ expected: Int) {
        // When
        let result = IAQICalculator.subIndex(of: mg(text), column: .coTwentyFourHour, standard: .hj633_2012)

        // Then
        #expect(result.value == expected)
    }

    /// Checks: HJ 633—2026 rounds µg/m³ to integers per GB/T 8170 before indexing (exact half goes to even).
    @Test(
        "HJ 633—2026 rounds µg/m³ to integers per GB/T 8170 before indexing (exact half goes to even)",
        arguments: [
            ("35.4", "35", 50), ("35.5", "36", 52), ("34.5", "34", 49), ("36.5", "36", 52), ("35.50001", "36", 52),
        ])
    func roundingUnder2026(_ text: String, _ evaluated: String, _ expected: Int) {
        // When
        let result = IAQICalculator.subIndex(of: ug(text), column: .pm25TwentyFourHour, standard: .hj633_2026)

        // Then
        #expect(result.evaluatedConcentration == dec(evaluated))
        #expect(result.value == expected)
    }

    /// Checks: HJ 633—2026 rounds CO to 0.1 mg/m³ per GB/T 8170 before indexing.
    @Test(
        "HJ 633—2026 rounds CO to 0.1 mg/m³ per GB/T 8170 before indexing",
        arguments: [("2.05", "2.0", 50), ("2.15", "2.2", 55), ("2.25", "2.2", 55), ("2.251", "2.3", 58)])
    func coRoundingUnder2026(_ text: String, _ evaluated: String, _ expected: Int) {
        // When
        let result = IAQICalculator.subIndex(of: mg(text), column: .coTwentyFourHour, standard: .hj633_2026)

        // Then
        #expect(result.evaluatedConcentration == dec(evaluated))
        #expect(result.value == expected)
    }

    /// Checks: A concentration in another unit is converted exactly to the column's unit.
    @Test("A concentration in another unit is converted exactly to the column's unit")
    func unitConversion() {
        // Given
        let coInMicrograms = ug("2000")
        let pmInMilligrams = mg("0.035")

        // When
        let co = IAQICalculator.subIndex(of: coInMicrograms, column: .coTwentyFourHour, standard: .hj633_2012)
        let pm = IAQICalculator.subIndex(of: pmInMilligrams, column: .pm25TwentyFourHour, standard: .hj633_2012)

        // Then
        #expect(co.value == 50)
        #expect(co.evaluatedConcentration == 2)
        #expect(pm.value == 50)
        #expect(pm.evaluatedConcentration == 35)
    }

    /// Checks: Negative or NaN concentrations give NA.
    @Test("Negative or NaN concentrations give NA", arguments: AQIStandard.allCases)
    func invalidConcentrations(_ standard: AQIStandard) {
        // When
        let negative = IAQICalculator.subIndex(of: ug("-1"), column: .pm10TwentyFourHour, standard: standard)
        let notANumber = IAQICalculator.subIndex(of: .micrograms(.nan), column: .pm10TwentyFourHour, standard: standard)

        // Then
        #expect(negative.value == nil)
        #expect(negative.basis == .invalidConcentration)
        #expect(notANumber.value == nil)
        #expect(notANumber.basis == .invalidConcentration)
    }

    /// Checks: Far above the top breakpoint the platform reports 500.
    @Test("Far above the top breakpoint the platform reports 500", arguments: AQIStandard.allCases)
    func farAboveTop(_ standard: AQIStandard) {
        // When
        let result = IAQICalculator.subIndex(of: ug("99999"), column: .pm25TwentyFourHour, standard: standard)

        // Then
        #expect(result.value == 500)
        #expect(result.basis == .cappedAtTopBreakpoint)
    }

    /// Checks: SO2 1 h above 800: HJ 633—2026 counts 200, HJ 633—2012 leaves the 1-hour column undefined.
    @Test("SO2 1 h above 800: HJ 633—2026 counts 200, HJ 633—2012 leaves the 1-hour column undefined")
    func so2OneHourAbove800() {
        // When
        let new = IAQICalculator.subIndex(of: ug("5000"), column: .so2OneHour, standard: .hj633_2026)
        let old = IAQICalculator.subIndex(of: ug("5000"), column: .so2OneHour, standard: .hj633_2012)

        // Then
        #expect(new.value == 200)
        #expect(new.basis == .so2OneHourAbove800CountedAs200)
        #expect(old.value == nil)
        #expect(old.basis == .notDefinedAboveColumn)
    }

    /// Checks: O3 8 h above 800: HJ 633—2026 counts 300, HJ 633—2012 leaves the 8-hour column undefined.
    @Test("O3 8 h above 800: HJ 633—2026 counts 300, HJ 633—2012 leaves the 8-hour column undefined")
    func o3EightHourAbove800() {
        // When
        let new = IAQICalculator.subIndex(of: ug("1500"), column: .o3EightHour, standard: .hj633_2026)
        let old = IAQICalculator.subIndex(of: ug("1500"), column: .o3EightHour, standard: .hj633_2012)

        // Then
        #expect(new.value == 300)
        #expect(new.basis == .o3EightHourAbove800CountedAs300)
        #expect(old.value == nil)
        #expect(old.basis == .notDefinedAboveColumn)
    }

    /// Checks: Under HJ 633—2026 a value that rounds down to 800 is still on the table.
    @Test("Under HJ 633—2026 a value that rounds down to 800 is still on the table")
    func roundingBeforeSpecialRule() {
        // When
        let result = IAQICalculator.subIndex(of: ug("800.4"), column: .o3EightHour, standard: .hj633_2026)

        // Then
        #expect(result.value == 300)
        #expect(result.basis == .interpolated)
    }
}
