import Foundation
import Testing

@testable import Domain

/// Suite: Exact decimal helpers.
@Suite("Exact decimal helpers")
struct ExactDecimalTests {
    /// Checks: Ceiling of a quotient is exact on integers and just above them.
    @Test(
        "Ceiling of a quotient is exact on integers and just above them",
        arguments: [
            ("50", "25", "2"), ("50", "325", "1"), ("16250", "325", "50"), ("16250.001", "325", "51"), ("0", "7", "0"),
        ])
    func ceilingOfQuotient(_ numerator: String, _ denominator: String, _ expected: String) {
        #expect(ExactDecimal.ceilingOfQuotient(dec(numerator), dec(denominator)) == dec(expected))
    }

    /// Checks: GB/T 8170 rounding: below half drops, above half rounds up, an exact half goes to even.
    @Test(
        "GB/T 8170 rounding: below half drops, above half rounds up, an exact half goes to even",
        arguments: [
            ("0.5", 0, "0"), ("1.5", 0, "2"), ("2.5", 0, "2"), ("2.5000001", 0, "3"), ("2.49999", 0, "2"),
            ("0.05", 1, "0.0"), ("0.15", 1, "0.2"), ("1.25", 1, "1.2"), ("1.35", 1, "1.4"), ("7", 0, "7"),
        ])
    func roundHalfEven(_ value: String, _ places: Int, _ expected: String) {
        #expect(ExactDecimal.roundedHalfEven(dec(value), places: places) == dec(expected))
    }

    /// Checks: Floor of positive and negative values.
    @Test("Floor of positive and negative values")
    func floor() {
        #expect(ExactDecimal.floor(dec("2.9")) == 2)
        #expect(ExactDecimal.floor(dec("-1.2")) == -2)
        #expect(ExactDecimal.floor(dec("3")) == 3)
    }
}
