import Foundation

/// The two HJ 633 report types.
public enum AQIReportKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// Real-time hourly report (实时报).
    case hourly
    /// Daily report (日报).
    case daily

    /// The Chinese name of the report.
    public var chineseName: String {
        switch self {
        case .hourly: return "实时报"
        case .daily: return "日报"
        }
    }

    /// The indicators that get a sub-index in this report under a given version.
    public func indicators(under standard: AQIStandard) -> [AQIIndicator] {
        switch (self, standard) {
        case (.hourly, .hj633_2012), (.daily, .hj633_2012):
            return [.so2, .no2, .pm10, .co, .o3OneHour, .o3EightHour, .pm25]
        case (.hourly, .hj633_2026):
            return [.so2, .no2, .pm10, .co, .o3OneHour, .pm25]
        case (.daily, .hj633_2026):
            return [.so2, .no2, .pm10, .co, .o3EightHour, .pm25]
        }
    }
}
