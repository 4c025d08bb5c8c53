import Domain
import Foundation

/// Parses decimal text exactly; a malformed literal becomes NaN, which fails any comparison.
func dec(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? Decimal.nan
}

/// A µg/m³ concentration from decimal text.
func ug(_ text: String) -> AirConcentration {
    .micrograms(dec(text))
}

/// A mg/m³ concentration from decimal text.
func mg(_ text: String) -> AirConcentration {
    .milligrams(dec(text))
}
