import Foundation

/// The sub-index one breakpoint column gives for one concentration.
public struct IAQIColumnValue: Sendable, Hashable, Codable {
    /// The HJ 633 version that produced the value.
    public let standard: AQIStandard
    /// The column whose breakpoints were used.
    public let column: AQIBreakpointColumn
    /// The concentration actually indexed, in the column's unit, after any rounding the version requires.
    public let evaluatedConcentration: Decimal?
    /// The sub-index, or nil for "NA".
    public let value: Int?
    /// How the value was obtained.
    public let basis: IAQIBasis

    /// Creates a column result.
    public init(
        standard: AQIStandard, column: AQIBreakpointColumn, evaluatedConcentration: Decimal?, value: Int?,
        basis: IAQIBasis
    ) {
        self.standard = standard
        self.column = column
        self.evaluatedConcentration = evaluatedConcentration
        self.value = value
        self.basis = basis
    }
}
