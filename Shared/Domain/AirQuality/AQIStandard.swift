import Foundation

/// A version of HJ 633, the technical rule for the ambient air quality index (环境空气质量指数（AQI）技术规定).
public enum AQIStandard: String, Sendable, Codable, CaseIterable, Hashable {
    /// HJ 633—2012 (试行): applied to data dated before 2026-03-01.
    case hj633_2012 = "HJ633-2012"
    /// HJ 633—2026: applied to data dated 2026-03-01 or later (Asia/Shanghai).
    case hj633_2026 = "HJ633-2026"

    /// The version in force on a local (Asia/Shanghai) calendar day.
    public static func inForce(on date: ChinaLocalDate) -> AQIStandard {
        date < AirStandardsRevision.revision2026EffectiveDate ? .hj633_2012 : .hj633_2026
    }

    /// The version in force at an instant, read on the Asia/Shanghai clock.
    ///
    /// Pass an instant inside the averaging period (for example its start), not an end label such
    /// as "24:00", so that the last hour of 28 February is not read as 1 March.
    public static func inForce(at instant: Date) -> AQIStandard {
        inForce(on: ChinaLocalDate(containing: instant))
    }

    /// The designation as printed on the standard, e.g. "HJ 633—2026".
    public var designation: String {
        switch self {
        case .hj633_2012: return "HJ 633—2012"
        case .hj633_2026: return "HJ 633—2026"
        }
    }

    /// Whether concentrations are rounded per GB/T 8170 before indexing (µg/m³ to integers, CO mg/m³ to 0.1).
    public var roundsConcentrationsBeforeIndexing: Bool {
        self == .hj633_2026
    }

    /// Whether a missing pollutant makes the AQI unpublishable unless the remaining AQI is above 100 (HJ 633—2026 §5.3).
    public var withholdsLowAQIWhenIndicatorsMissing: Bool {
        self == .hj633_2026
    }
}
