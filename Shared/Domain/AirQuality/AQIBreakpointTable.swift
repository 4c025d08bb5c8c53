import Foundation

/// The HJ 633 breakpoint tables (2012 Table 1 and 2026 Table 3) as data.
public enum AQIBreakpointTable: Sendable {
    /// Sub-index values of the table rows, top to bottom.
    public static let indexRows: [Int] = [0, 50, 100, 150, 200, 300, 400, 500]

    /// The breakpoints of one column under one version, ascending, starting at IAQI 0.
    public static func breakpoints(for column: AQIBreakpointColumn, standard: AQIStandard) -> [AQIBreakpoint] {
        let limits = concentrationRows(for: column, standard: standard)
        return zip(limits, indexRows).map { AQIBreakpoint(concentration: Decimal($0.0), index: $0.1) }
    }

    /// The column's concentration limits, row by row; shorter columns end where the standard stops.
    static func concentrationRows(for column: AQIBreakpointColumn, standard: AQIStandard) -> [Int] {
        switch column {
        case .so2TwentyFourHour: return [0, 50, 150, 475, 800, 1600, 2100, 2620]
        case .so2OneHour: return [0, 150, 500, 650, 800]
        case .no2TwentyFourHour: return [0, 40, 80, 180, 280, 565, 750, 940]
        case .no2OneHour: return [0, 100, 200, 700, 1200, 2340, 3090, 3840]
        case .pm10TwentyFourHour:
            // HJ 633—2026 lowered only the IAQI 100 row: PM10 150 → 120.
            let at100 = standard == .hj633_2026 ? 120 : 150
            return [0, 50, at100, 250, 350, 420, 500, 600]
        case .coTwentyFourHour: return [0, 2, 4, 14, 24, 36, 48, 60]
        case .coOneHour: return [0, 5, 10, 35, 60, 90, 120, 150]
        case .o3OneHour: return [0, 160, 200, 300, 400, 800, 1000, 1200]
        case .o3EightHour: return [0, 100, 160, 215, 265, 800]
        case .pm25TwentyFourHour:
            // HJ 633—2026 lowered only the IAQI 100 row: PM2.5 75 → 60.
            let at100 = standard == .hj633_2026 ? 60 : 75
            return [0, 35, at100, 115, 150, 250, 350, 500]
        }
    }
}
