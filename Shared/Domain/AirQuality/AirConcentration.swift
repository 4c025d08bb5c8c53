import Foundation

/// An ambient air concentration that always carries its unit.
public struct AirConcentration: Sendable, Hashable, Codable {
    /// The number as measured.
    public let value: Decimal
    /// The unit of `value`.
    public let unit: AirConcentrationUnit

    /// Creates a concentration in the given unit.
    public init(_ value: Decimal, _ unit: AirConcentrationUnit) {
        self.value = value
        self.unit = unit
    }

    /// A concentration in µg/m³ (SO2, NO2, O3, PM10, PM2.5 and others).
    public static func micrograms(_ value: Decimal) -> AirConcentration {
        AirConcentration(value, .microgramsPerCubicMetre)
    }

    /// A concentration in mg/m³ (CO).
    public static func milligrams(_ value: Decimal) -> AirConcentration {
        AirConcentration(value, .milligramsPerCubicMetre)
    }

    /// The same concentration expressed in another unit, converted exactly.
    public func value(in target: AirConcentrationUnit) -> Decimal {
        if target == unit { return value }
        // Factors are powers of ten, so the product and quotient are exact.
        return value * unit.micrograms / target.micrograms
    }
}
