import Foundation

/// Exact decimal helpers: floor, ceiling of a quotient and GB/T 8170 rounding, with no binary floating point.
enum ExactDecimal: Sendable {
    /// Parses a decimal literal written in the source; NaN (caught by tests) if the text is malformed.
    static func literal(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? Decimal.nan
    }

    /// The greatest integer not above `value`.
    static func floor(_ value: Decimal) -> Decimal {
        var input = value
        var result = Decimal()
        // Foundation's `.down` rounds toward negative infinity, which is floor for every sign.
        NSDecimalRound(&result, &input, 0, .down)
        return result
    }

    /// `ceil(numerator / denominator)` computed exactly for numerator ≥ 0 and denominator > 0.
    ///
    /// The decimal quotient is only a first guess; it is corrected with exact products so that a
    /// quotient such as 50/325 × 325 cannot be pushed over an integer by division round-off.
    static func ceilingOfQuotient(_ numerator: Decimal, _ denominator: Decimal) -> Decimal {
        var candidate = floor(numerator / denominator)
        while candidate * denominator > numerator { candidate -= 1 }
        while (candidate + 1) * denominator <= numerator { candidate += 1 }
        return candidate * denominator == numerator ? candidate : candidate + 1
    }

    /// Multiplies by 10^places exactly by shifting the exponent.
    static func shifted(_ value: Decimal, places: Int) -> Decimal {
        Decimal(sign: value.sign, exponent: value.exponent + places, significand: value.significand)
    }

    /// Rounds to `places` decimals per GB/T 8170: below half drops, above half rounds up, an exact half goes to even.
    static func roundedHalfEven(_ value: Decimal, places: Int) -> Decimal {
        let scaled = shifted(value, places: places)
        let lower = floor(scaled)
        let remainder = scaled - lower
        let half = Decimal(sign: .plus, exponent: -1, significand: 5)
        let rounded: Decimal
        if remainder > half {
            rounded = lower + 1
        } else if remainder < half {
            rounded = lower
        } else {
            rounded = isEven(lower) ? lower : lower + 1
        }
        return shifted(rounded, places: -places)
    }

    /// Whether an integral decimal is even.
    static func isEven(_ integral: Decimal) -> Bool {
        let halved = floor(integral / 2)
        return halved * 2 == integral
    }

    /// Converts an integral decimal of modest size to `Int`.
    static func integer(_ integral: Decimal) -> Int {
        NSDecimalNumber(decimal: integral).intValue
    }
}
