import Foundation

/// Exact decimal text in and out: the only way numbers enter or leave the indicators store.
enum DecimalText {
    /// The POSIX locale, made once.
    static let posix = Locale(identifier: "en_US_POSIX")

    /// Parses plain decimal text (`12`, `-0.5`, `1.25E2` is refused); nil when not a finite number.
    static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 40,
            trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") })
        else { return nil }
        guard let value = Decimal(string: trimmed, locale: posix), !value.isNaN else {
            return nil
        }
        return value
    }

    /// Renders `value` rounded to `places` decimals (half away from zero), without a trailing exponent.
    static func text(_ value: Decimal, places: Int = 4) -> String {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, places, .plain)
        return NSDecimalNumber(decimal: result).description(withLocale: posix)
    }

    /// The arithmetic mean, nil for no values.
    static func mean(_ values: [Decimal]) -> Decimal? {
        guard !values.isEmpty else { return nil }
        return values.reduce(Decimal(0), +) / Decimal(values.count)
    }
}
