import Foundation

/// One GB 3838 Table 2 supplementary item checked against its drinking-water-source limit.
public struct DrinkingWaterSupplementaryResult: Sendable, Hashable, Codable {
    /// The item.
    public let factor: SurfaceWaterFactor
    /// The value in mg/L.
    public let value: Decimal
    /// The Table 2 limit in mg/L.
    public let limit: Decimal
    /// Whether the value does not exceed the limit.
    public let isCompliant: Bool

    /// Creates a result.
    public init(factor: SurfaceWaterFactor, value: Decimal, limit: Decimal) {
        self.factor = factor
        self.value = value
        self.limit = limit
        self.isCompliant = value <= limit
    }
}
