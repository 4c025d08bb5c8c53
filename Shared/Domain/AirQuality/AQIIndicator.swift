import Foundation

/// An item that receives its own sub-index in an HJ 633 report.
public enum AQIIndicator: String, Sendable, Codable, CaseIterable, Hashable {
    /// Sulfur dioxide.
    case so2 = "SO2"
    /// Nitrogen dioxide.
    case no2 = "NO2"
    /// PM10.
    case pm10 = "PM10"
    /// Carbon monoxide.
    case co = "CO"
    /// Ozone, 1-hour value (hourly mean, or the daily maximum 1-hour mean in a 2012 daily report).
    case o3OneHour = "O3_1h"
    /// Ozone, 8-hour moving mean (or the daily maximum 8-hour mean in a daily report).
    case o3EightHour = "O3_8h"
    /// PM2.5.
    case pm25 = "PM2.5"

    /// The pollutant behind the indicator.
    public var pollutant: AirPollutant {
        switch self {
        case .so2: return .so2
        case .no2: return .no2
        case .pm10: return .pm10
        case .co: return .co
        case .o3OneHour, .o3EightHour: return .o3
        case .pm25: return .pm25
        }
    }
}
