import Foundation

/// The single-factor class of one GB 3838 basic item.
public struct SurfaceWaterFactorResult: Sendable, Hashable, Codable {
    /// The item.
    public let factor: SurfaceWaterFactor
    /// The value in the item's standard unit.
    public let value: Decimal
    /// The best class whose limit the value meets.
    public let waterClass: SurfaceWaterClass
    /// Exceedance multiple over the class III limit, (C − C_III) / C_III, when C is above it; never for pH or DO.
    public let classIIIExceedanceMultiple: Decimal?

    /// Creates a result.
    public init(
        factor: SurfaceWaterFactor, value: Decimal, waterClass: SurfaceWaterClass,
        classIIIExceedanceMultiple: Decimal?
    ) {
        self.factor = factor
        self.value = value
        self.waterClass = waterClass
        self.classIIIExceedanceMultiple = classIIIExceedanceMultiple
    }
}
