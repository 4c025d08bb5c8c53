import Foundation

/// Why a surface-water value could not be evaluated.
public enum GB3838Error: Error, Sendable, Hashable, Codable {
    /// The unit cannot be converted to the item's standard unit (e.g. pH given in mg/L).
    case incompatibleUnit(SurfaceWaterFactor, WaterQuantityUnit)
    /// The item has no class limits (water temperature, or a Table 2 item asked for a class).
    case notClassifiable(SurfaceWaterFactor)
    /// The value is negative (except pH) or not a number.
    case invalidValue(SurfaceWaterFactor)
}
