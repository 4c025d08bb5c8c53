import Foundation

/// Which basic items take part in a section's class.
public enum SurfaceWaterEvaluationScope: String, Sendable, Codable, CaseIterable, Hashable {
    /// The routine 21 items of the 2011 evaluation method: Table 1 without water temperature, total nitrogen and faecal coliforms.
    case routine
    /// Every classifiable Table 1 item; total nitrogen only on lakes and reservoirs.
    case allBasicItems

    /// Whether an item counts towards the section class on a water body.
    public func includes(_ factor: SurfaceWaterFactor, waterBody: WaterBodyKind) -> Bool {
        guard factor.isBasicItem, factor != .waterTemperature else { return false }
        switch self {
        case .routine:
            return factor != .totalNitrogen && factor != .fecalColiforms
        case .allBasicItems:
            return factor != .totalNitrogen || waterBody == .lakeOrReservoir
        }
    }
}
