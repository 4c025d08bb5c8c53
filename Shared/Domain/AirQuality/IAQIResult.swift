import Foundation

/// The sub-index of one indicator in an AQI report, with the concentration it came from.
public struct IAQIResult: Sendable, Hashable, Codable {
    /// The indicator.
    public let indicator: AQIIndicator
    /// The concentration reported for the indicator as supplied, nil when not measured.
    public let concentration: AirConcentration?
    /// The breakpoint column that produced the value (differs from the indicator's own when a substitution rule applied).
    public let column: AQIBreakpointColumn
    /// The concentration actually indexed, in `column`'s unit, after any rounding.
    public let evaluatedConcentration: Decimal?
    /// The sub-index, or nil for "NA".
    public let value: Int?
    /// How the value was obtained.
    public let basis: IAQIBasis

    /// Creates an indicator result.
    public init(
        indicator: AQIIndicator, concentration: AirConcentration?, column: AQIBreakpointColumn,
        evaluatedConcentration: Decimal?, value: Int?, basis: IAQIBasis
    ) {
        self.indicator = indicator
        self.concentration = concentration
        self.column = column
        self.evaluatedConcentration = evaluatedConcentration
        self.value = value
        self.basis = basis
    }

    /// Wraps a column value as the result of an indicator.
    public init(indicator: AQIIndicator, concentration: AirConcentration?, columnValue: IAQIColumnValue) {
        self.init(
            indicator: indicator, concentration: concentration, column: columnValue.column,
            evaluatedConcentration: columnValue.evaluatedConcentration,
            value: columnValue.value, basis: columnValue.basis)
    }
}
