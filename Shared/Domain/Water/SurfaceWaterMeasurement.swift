import Foundation

/// One measured value of a GB 3838 item, with its unit.
public struct SurfaceWaterMeasurement: Sendable, Hashable, Codable {
    /// The item measured.
    public let factor: SurfaceWaterFactor
    /// The measured value in `unit`.
    public let value: Decimal
    /// The unit of `value`.
    public let unit: WaterQuantityUnit

    /// Creates a measurement; the unit defaults to the one GB 3838 states the item's limits in.
    public init(_ factor: SurfaceWaterFactor, _ value: Decimal, unit: WaterQuantityUnit? = nil) {
        self.factor = factor
        self.value = value
        self.unit = unit ?? factor.standardUnit
    }
}
