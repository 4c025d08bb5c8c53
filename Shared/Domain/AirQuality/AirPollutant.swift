import Foundation

/// An ambient air pollutant named in GB 3095 or used by HJ 633.
public enum AirPollutant: String, Sendable, Codable, CaseIterable, Hashable {
    /// Sulfur dioxide (二氧化硫).
    case so2 = "SO2"
    /// Nitrogen dioxide (二氧化氮).
    case no2 = "NO2"
    /// Carbon monoxide (一氧化碳), reported in mg/m³.
    case co = "CO"
    /// Ozone (臭氧).
    case o3 = "O3"
    /// Particulate matter up to 10 µm (颗粒物 PM10).
    case pm10 = "PM10"
    /// Particulate matter up to 2.5 µm (颗粒物 PM2.5).
    case pm25 = "PM2.5"
    /// Total suspended particulates (总悬浮颗粒物).
    case tsp = "TSP"
    /// Nitrogen oxides (氮氧化物).
    case nox = "NOx"
    /// Lead (铅).
    case lead = "Pb"
    /// Benzo[a]pyrene (苯并[a]芘).
    case benzoAPyrene = "BaP"

    /// The Chinese name used in the standards.
    public var chineseName: String {
        switch self {
        case .so2: return "二氧化硫"
        case .no2: return "二氧化氮"
        case .co: return "一氧化碳"
        case .o3: return "臭氧"
        case .pm10: return "颗粒物（粒径小于等于10μm）"
        case .pm25: return "颗粒物（粒径小于等于2.5μm）"
        case .tsp: return "总悬浮颗粒物"
        case .nox: return "氮氧化物"
        case .lead: return "铅"
        case .benzoAPyrene: return "苯并[a]芘"
        }
    }

    /// The HJ 212 air factor code a station sends for this pollutant, when one exists.
    public var hj212FactorCode: String? {
        switch self {
        case .so2: return "a21026"
        case .no2: return "a21004"
        case .co: return "a21005"
        // O3 is absent from the HJ 212-2017 table; stations send the HJ 524-2009 code.
        case .o3: return "a05024"
        case .pm10: return "a34002"
        case .pm25: return "a34004"
        case .tsp: return "a34001"
        case .nox: return "a21002"
        // The table's a20043 and a25044 are flue-gas compound codes, not ambient Pb or BaP.
        case .lead, .benzoAPyrene: return nil
        }
    }

    /// The unit in which the standards state this pollutant's concentrations.
    public var standardUnit: AirConcentrationUnit {
        self == .co ? .milligramsPerCubicMetre : .microgramsPerCubicMetre
    }

    /// Whether HJ 633 computes a sub-index for this pollutant.
    public var hasAirQualitySubIndex: Bool {
        switch self {
        case .so2, .no2, .co, .o3, .pm10, .pm25: return true
        case .tsp, .nox, .lead, .benzoAPyrene: return false
        }
    }
}
