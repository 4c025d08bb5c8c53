import Foundation

/// A concentration column of the HJ 633 breakpoint table (one pollutant at one averaging time).
public enum AQIBreakpointColumn: String, Sendable, Codable, CaseIterable, Hashable {
    /// SO2 24-hour mean.
    case so2TwentyFourHour = "SO2_24h"
    /// SO2 1-hour mean (real-time report only; the table stops at IAQI 200 / 800 µg/m³).
    case so2OneHour = "SO2_1h"
    /// NO2 24-hour mean.
    case no2TwentyFourHour = "NO2_24h"
    /// NO2 1-hour mean (real-time report only).
    case no2OneHour = "NO2_1h"
    /// PM10 24-hour mean.
    case pm10TwentyFourHour = "PM10_24h"
    /// CO 24-hour mean, mg/m³.
    case coTwentyFourHour = "CO_24h"
    /// CO 1-hour mean, mg/m³ (real-time report only).
    case coOneHour = "CO_1h"
    /// O3 1-hour mean.
    case o3OneHour = "O3_1h"
    /// O3 8-hour moving mean (the table stops at IAQI 300 / 800 µg/m³).
    case o3EightHour = "O3_8h"
    /// PM2.5 24-hour mean.
    case pm25TwentyFourHour = "PM2.5_24h"

    /// The pollutant this column indexes.
    public var pollutant: AirPollutant {
        switch self {
        case .so2TwentyFourHour, .so2OneHour: return .so2
        case .no2TwentyFourHour, .no2OneHour: return .no2
        case .pm10TwentyFourHour: return .pm10
        case .coTwentyFourHour, .coOneHour: return .co
        case .o3OneHour, .o3EightHour: return .o3
        case .pm25TwentyFourHour: return .pm25
        }
    }

    /// The unit of the column's breakpoints.
    public var unit: AirConcentrationUnit {
        pollutant.standardUnit
    }

    /// Decimal places a concentration is rounded to under HJ 633—2026 (CO 1, the others 0).
    public var reportingDecimalPlaces: Int {
        unit == .milligramsPerCubicMetre ? 1 : 0
    }
}
