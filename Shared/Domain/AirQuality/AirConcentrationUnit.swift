import Foundation

/// A mass-concentration unit for ambient air.
public enum AirConcentrationUnit: String, Sendable, Codable, CaseIterable, Hashable {
    /// Micrograms per cubic metre (µg/m³): every pollutant except CO.
    case microgramsPerCubicMetre = "ug/m3"
    /// Milligrams per cubic metre (mg/m³): CO.
    case milligramsPerCubicMetre = "mg/m3"

    /// The printed symbol.
    public var symbol: String {
        switch self {
        case .microgramsPerCubicMetre: return "µg/m³"
        case .milligramsPerCubicMetre: return "mg/m³"
        }
    }

    /// How many micrograms per cubic metre one of this unit is.
    var micrograms: Decimal {
        switch self {
        case .microgramsPerCubicMetre: return 1
        case .milligramsPerCubicMetre: return 1000
        }
    }
}
