import Foundation

/// How a sub-index was obtained, or why it is not available ("NA").
public enum IAQIBasis: String, Sendable, Codable, CaseIterable, Hashable {
    /// Linear interpolation between two breakpoints, rounded up to an integer.
    case interpolated
    /// The concentration is above the column's top breakpoint (IAQI 500); the platform reports 500.
    case cappedAtTopBreakpoint
    /// HJ 633—2026: SO2 1-hour above 800 µg/m³ counts as IAQI 200.
    case so2OneHourAbove800CountedAs200
    /// HJ 633—2026: O3 8-hour above 800 µg/m³ counts as IAQI 300.
    case o3EightHourAbove800CountedAs300
    /// HJ 633—2012: SO2 1-hour above 800 µg/m³, so the SO2 24-hour sub-index is reported instead.
    case so2OneHourAbove800UsedTwentyFourHour
    /// HJ 633—2012: O3 8-hour above 800 µg/m³, so the O3 1-hour sub-index is reported instead.
    case o3EightHourAbove800UsedOneHour
    /// The concentration is above the last row of a column that stops early (SO2 1 h, O3 8 h) and no substitute was available.
    case notDefinedAboveColumn
    /// The pollutant was not measured.
    case missing
    /// The concentration is negative or not a number.
    case invalidConcentration

    /// Whether a sub-index value comes with this basis.
    public var hasValue: Bool {
        switch self {
        case .interpolated, .cappedAtTopBreakpoint,
            .so2OneHourAbove800CountedAs200, .o3EightHourAbove800CountedAs300,
            .so2OneHourAbove800UsedTwentyFourHour, .o3EightHourAbove800UsedOneHour:
            return true
        case .notDefinedAboveColumn, .missing, .invalidConcentration:
            return false
        }
    }
}
