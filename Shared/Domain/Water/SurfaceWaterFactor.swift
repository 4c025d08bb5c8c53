import Foundation

/// A GB 3838—2002 item, keyed by its HJ 212 water factor code.
///
/// Mapping (HJ 212-2017 table B.1): pH w01001, DO w01009, temperature w01010, BOD5 w01017,
/// COD w01018, CODMn w01019, faecal coliforms w02003, Hg w20111, Cd w20115, Cr(VI) w20117,
/// As w20119, Pb w20120, Cu w20122, Zn w20123, Mn w20124, Fe w20125, Se w20128, TN w21001,
/// NH3-N w21003, nitrate w21007, TP w21011, cyanide w21016, fluoride w21017, sulfide w21019,
/// chloride w21022, sulfate w21038, petroleum w22001, volatile phenol w23002, LAS w19002.
public enum SurfaceWaterFactor: String, Sendable, Codable, CaseIterable, Hashable {
    /// Water temperature (水温), basic item 1.
    case waterTemperature = "w01010"
    /// pH, basic item 2.
    case pH = "w01001"
    /// Dissolved oxygen (溶解氧), basic item 3; a lower limit.
    case dissolvedOxygen = "w01009"
    /// Permanganate index (高锰酸盐指数, CODMn), basic item 4.
    case permanganateIndex = "w01019"
    /// Chemical oxygen demand (化学需氧量, COD), basic item 5.
    case chemicalOxygenDemand = "w01018"
    /// Five-day biochemical oxygen demand (五日生化需氧量, BOD5), basic item 6.
    case biochemicalOxygenDemand = "w01017"
    /// Ammonia nitrogen (氨氮, NH3-N), basic item 7.
    case ammoniaNitrogen = "w21003"
    /// Total phosphorus as P (总磷), basic item 8; limits differ for rivers and lakes/reservoirs.
    case totalPhosphorus = "w21011"
    /// Total nitrogen as N (总氮), basic item 9; stated for lakes and reservoirs.
    case totalNitrogen = "w21001"
    /// Copper (铜), basic item 10.
    case copper = "w20122"
    /// Zinc (锌), basic item 11.
    case zinc = "w20123"
    /// Fluoride as F⁻ (氟化物), basic item 12.
    case fluoride = "w21017"
    /// Selenium (硒), basic item 13.
    case selenium = "w20128"
    /// Arsenic (砷), basic item 14.
    case arsenic = "w20119"
    /// Mercury (汞), basic item 15.
    case mercury = "w20111"
    /// Cadmium (镉), basic item 16.
    case cadmium = "w20115"
    /// Hexavalent chromium (铬（六价）), basic item 17.
    case hexavalentChromium = "w20117"
    /// Lead (铅), basic item 18.
    case lead = "w20120"
    /// Cyanide (氰化物), basic item 19.
    case cyanide = "w21016"
    /// Volatile phenol (挥发酚), basic item 20.
    case volatilePhenol = "w23002"
    /// Petroleum (石油类), basic item 21.
    case petroleum = "w22001"
    /// Anionic surfactant (阴离子表面活性剂, LAS), basic item 22.
    case anionicSurfactant = "w19002"
    /// Sulfide (硫化物), basic item 23.
    case sulfide = "w21019"
    /// Faecal coliforms (粪大肠菌群), basic item 24, count/L.
    case fecalColiforms = "w02003"
    /// Sulfate as SO4²⁻ (硫酸盐), drinking-water supplementary item.
    case sulfate = "w21038"
    /// Chloride as Cl⁻ (氯化物), drinking-water supplementary item.
    case chloride = "w21022"
    /// Nitrate as N (硝酸盐), drinking-water supplementary item.
    case nitrate = "w21007"
    /// Iron (铁), drinking-water supplementary item.
    case iron = "w20125"
    /// Manganese (锰), drinking-water supplementary item.
    case manganese = "w20124"

    /// The HJ 212 water factor code (same as the raw value).
    public var hj212Code: String {
        rawValue
    }

    /// The factor for an HJ 212 water factor code, nil for codes outside GB 3838 Tables 1–2.
    public init?(hj212Code: String) {
        self.init(rawValue: hj212Code)
    }

    /// Whether the item is in GB 3838 Table 1 (basic items).
    public var isBasicItem: Bool {
        !isSupplementaryItem
    }

    /// Whether the item is in GB 3838 Table 2 (supplementary items for drinking-water sources).
    public var isSupplementaryItem: Bool {
        switch self {
        case .sulfate, .chloride, .nitrate, .iron, .manganese: return true
        default: return false
        }
    }

    /// The unit GB 3838 states the item's limits in.
    public var standardUnit: WaterQuantityUnit {
        switch self {
        case .waterTemperature: return .degreesCelsius
        case .pH: return .pH
        case .fecalColiforms: return .countPerLitre
        default: return .milligramsPerLitre
        }
    }

    /// The default concentration unit HJ 212-2017 table B.1 gives the code, when it states one.
    public var hj212DefaultUnit: WaterQuantityUnit? {
        switch self {
        case .mercury, .cadmium, .hexavalentChromium, .arsenic, .lead, .selenium: return .microgramsPerLitre
        case .pH: return .pH
        case .waterTemperature: return .degreesCelsius
        case .fecalColiforms: return .countPerLitre
        case .dissolvedOxygen, .permanganateIndex, .chemicalOxygenDemand, .biochemicalOxygenDemand,
            .ammoniaNitrogen, .totalPhosphorus, .totalNitrogen, .copper, .zinc, .iron, .manganese:
            return .milligramsPerLitre
        case .fluoride, .cyanide, .volatilePhenol, .petroleum, .anionicSurfactant, .sulfide,
            .sulfate, .chloride, .nitrate:
            return nil
        }
    }

    /// The Chinese name in GB 3838.
    public var chineseName: String {
        switch self {
        case .waterTemperature: return "水温"
        case .pH: return "pH值"
        case .dissolvedOxygen: return "溶解氧"
        case .permanganateIndex: return "高锰酸盐指数"
        case .chemicalOxygenDemand: return "化学需氧量"
        case .biochemicalOxygenDemand: return "五日生化需氧量"
        case .ammoniaNitrogen: return "氨氮"
        case .totalPhosphorus: return "总磷"
        case .totalNitrogen: return "总氮"
        case .copper: return "铜"
        case .zinc: return "锌"
        case .fluoride: return "氟化物"
        case .selenium: return "硒"
        case .arsenic: return "砷"
        case .mercury: return "汞"
        case .cadmium: return "镉"
        case .hexavalentChromium: return "铬（六价）"
        case .lead: return "铅"
        case .cyanide: return "氰化物"
        case .volatilePhenol: return "挥发酚"
        case .petroleum: return "石油类"
        case .anionicSurfactant: return "阴离子表面活性剂"
        case .sulfide: return "硫化物"
        case .fecalColiforms: return "粪大肠菌群"
        case .sulfate: return "硫酸盐"
        case .chloride: return "氯化物"
        case .nitrate: return "硝酸盐"
        case .iron: return "铁"
        case .manganese: return "锰"
        }
    }

    /// A readable English name.
    public var englishName: String {
        switch self {
        case .waterTemperature: return "water temperature"
        case .pH: return "pH"
        case .dissolvedOxygen: return "dissolved oxygen"
        case .permanganateIndex: return "permanganate index (CODMn)"
        case .chemicalOxygenDemand: return "chemical oxygen demand (COD)"
        case .biochemicalOxygenDemand: return "five-day biochemical oxygen demand (BOD5)"
        case .ammoniaNitrogen: return "ammonia nitrogen (NH3-N)"
        case .totalPhosphorus: return "total phosphorus (as P)"
        case .totalNitrogen: return "total nitrogen (as N)"
        case .copper: return "copper"
        case .zinc: return "zinc"
        case .fluoride: return "fluoride (as F-)"
        case .selenium: return "selenium"
        case .arsenic: return "arsenic"
        case .mercury: return "mercury"
        case .cadmium: return "cadmium"
        case .hexavalentChromium: return "chromium (VI)"
        case .lead: return "lead"
        case .cyanide: return "cyanide"
        case .volatilePhenol: return "volatile phenol"
        case .petroleum: return "petroleum"
        case .anionicSurfactant: return "anionic surfactant (LAS)"
        case .sulfide: return "sulfide"
        case .fecalColiforms: return "faecal coliforms"
        case .sulfate: return "sulfate (as SO4)"
        case .chloride: return "chloride (as Cl-)"
        case .nitrate: return "nitrate (as N)"
        case .iron: return "iron"
        case .manganese: return "manganese"
        }
    }
}
