import Foundation

/// The units a manifest quantity may be written in; every one is a mass, converted exactly.
enum MassUnit: String, Sendable, Codable, CaseIterable {
    /// Tonnes, the unit of plans, licences and indicators.
    case tonne = "t"
    /// Kilograms.
    case kilogram = "kg"

    /// `value` in this unit, as tonnes (exact: a kilogram is 10⁻³ t).
    func tonnes(_ value: Decimal) -> Decimal {
        switch self {
        case .tonne: value
        case .kilogram: Decimal(sign: value.sign, exponent: value.exponent - 3, significand: value.significand)
        }
    }
}

/// Exact decimal text: parsing that refuses anything but `[-]digits[.digits]`, and canonical output.
enum DecimalText {
    /// The decimal written in `text`, or nil when it is not a plain decimal number.
    static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 30 else { return nil }
        var body = Substring(trimmed)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The canonical text of `value` (no exponent, no trailing zeros).
    static func format(_ value: Decimal) -> String {
        var copy = value
        return NSDecimalString(&copy, Locale(identifier: "en_US_POSIX"))
    }

    /// The decimal stored as text in the database (0 when unreadable, which a migration never writes).
    static func stored(_ text: String?) -> Decimal {
        text.flatMap(parse) ?? 0
    }
}
