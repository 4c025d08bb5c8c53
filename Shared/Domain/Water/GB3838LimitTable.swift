import Foundation

/// GB 3838—2002 Table 1 basic-item limits and Table 2 supplementary limits as data (mg/L unless noted).
public enum GB3838LimitTable: Sendable {
    /// The standard's designation.
    public static let designation = "GB 3838—2002"

    /// The class criterion of a basic item on a water body, nil for water temperature and Table 2 items.
    public static func criterion(for factor: SurfaceWaterFactor, waterBody: WaterBodyKind) -> GB3838Criterion? {
        switch factor {
        case .waterTemperature: return nil
        case .pH: return .within(lower: 6, upper: 9)
        case .dissolvedOxygen: return .atLeast(values("7.5", "6", "5", "3", "2"))
        case .permanganateIndex: return .atMost(values("2", "4", "6", "10", "15"))
        case .chemicalOxygenDemand: return .atMost(values("15", "15", "20", "30", "40"))
        case .biochemicalOxygenDemand: return .atMost(values("3", "3", "4", "6", "10"))
        case .ammoniaNitrogen: return .atMost(values("0.15", "0.5", "1.0", "1.5", "2.0"))
        case .totalPhosphorus:
            switch waterBody {
            case .river: return .atMost(values("0.02", "0.1", "0.2", "0.3", "0.4"))
            case .lakeOrReservoir: return .atMost(values("0.01", "0.025", "0.05", "0.1", "0.2"))
            }
        case .totalNitrogen: return .atMost(values("0.2", "0.5", "1.0", "1.5", "2.0"))
        case .copper: return .atMost(values("0.01", "1.0", "1.0", "1.0", "1.0"))
        case .zinc: return .atMost(values("0.05", "1.0", "1.0", "2.0", "2.0"))
        case .fluoride: return .atMost(values("1.0", "1.0", "1.0", "1.5", "1.5"))
        case .selenium: return .atMost(values("0.01", "0.01", "0.01", "0.02", "0.02"))
        case .arsenic: return .atMost(values("0.05", "0.05", "0.05", "0.1", "0.1"))
        case .mercury: return .atMost(values("0.00005", "0.00005", "0.0001", "0.001", "0.001"))
        case .cadmium: return .atMost(values("0.001", "0.005", "0.005", "0.005", "0.01"))
        case .hexavalentChromium: return .atMost(values("0.01", "0.05", "0.05", "0.05", "0.1"))
        case .lead: return .atMost(values("0.01", "0.01", "0.05", "0.05", "0.1"))
        case .cyanide: return .atMost(values("0.005", "0.05", "0.2", "0.2", "0.2"))
        case .volatilePhenol: return .atMost(values("0.002", "0.002", "0.005", "0.01", "0.1"))
        case .petroleum: return .atMost(values("0.05", "0.05", "0.05", "0.5", "1.0"))
        case .anionicSurfactant: return .atMost(values("0.2", "0.2", "0.2", "0.3", "0.3"))
        case .sulfide: return .atMost(values("0.05", "0.1", "0.2", "0.5", "1.0"))
        case .fecalColiforms: return .atMost(values("200", "2000", "10000", "20000", "40000"))
        case .sulfate, .chloride, .nitrate, .iron, .manganese: return nil
        }
    }

    /// The Table 2 limit (mg/L) of a supplementary item for centralised drinking-water sources.
    public static func supplementaryLimit(for factor: SurfaceWaterFactor) -> Decimal? {
        switch factor {
        case .sulfate: return 250
        case .chloride: return 250
        case .nitrate: return 10
        case .iron: return ExactDecimal.literal("0.3")
        case .manganese: return ExactDecimal.literal("0.1")
        default: return nil
        }
    }

    /// Dissolved-oxygen saturation (percent) that also qualifies for class I (饱和率90%).
    public static let dissolvedOxygenClassISaturationPercent: Decimal = 90

    /// Water temperature: the largest man-made rise of the weekly mean maximum, °C.
    public static let waterTemperatureMaximumRise: Decimal = 1

    /// Water temperature: the largest man-made fall of the weekly mean maximum, °C.
    public static let waterTemperatureMaximumFall: Decimal = 2

    /// Parses the five class limits written as decimal text.
    private static func values(_ texts: String...) -> [Decimal] {
        texts.map(ExactDecimal.literal)
    }
}
