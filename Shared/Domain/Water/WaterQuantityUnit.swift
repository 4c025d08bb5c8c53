import Foundation

/// A unit for a water-quality value.
public enum WaterQuantityUnit: String, Sendable, Codable, CaseIterable, Hashable {
    /// Milligrams per litre (mg/L), the unit of GB 3838 limits.
    case milligramsPerLitre = "mg/L"
    /// Micrograms per litre (µg/L), HJ 212's default for Hg, Cd, Cr(VI), As, Pb and Se.
    case microgramsPerLitre = "ug/L"
    /// Nanograms per litre (ng/L).
    case nanogramsPerLitre = "ng/L"
    /// pH units (dimensionless).
    case pH = "pH"
    /// Organisms per litre (个/L), for faecal coliforms.
    case countPerLitre = "count/L"
    /// Degrees Celsius, for water temperature.
    case degreesCelsius = "degC"

    /// Nanograms per litre in one of this unit, nil for units that are not mass concentrations.
    var nanograms: Decimal? {
        switch self {
        case .milligramsPerLitre: return 1_000_000
        case .microgramsPerLitre: return 1000
        case .nanogramsPerLitre: return 1
        case .pH, .countPerLitre, .degreesCelsius: return nil
        }
    }

    /// A value in this unit expressed in another, exactly; nil when the two cannot be converted.
    public func convert(_ value: Decimal, to target: WaterQuantityUnit) -> Decimal? {
        if target == self { return value }
        guard let from = nanograms, let to = target.nanograms else { return nil }
        return value * from / to
    }
}
