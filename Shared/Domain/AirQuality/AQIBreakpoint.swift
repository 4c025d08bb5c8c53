import Foundation

/// One row of an HJ 633 breakpoint column: a concentration limit and its sub-index value.
public struct AQIBreakpoint: Sendable, Hashable, Codable {
    /// The concentration limit (BP) in the column's unit.
    public let concentration: Decimal
    /// The sub-index (IAQI) value at that limit.
    public let index: Int

    /// Creates a breakpoint row.
    public init(concentration: Decimal, index: Int) {
        self.concentration = concentration
        self.index = index
    }
}
