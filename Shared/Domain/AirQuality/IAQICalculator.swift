import Foundation

/// Computes an individual air quality index (IAQI, 空气质量分指数) from one concentration and one breakpoint column.
public enum IAQICalculator: Sendable {
    /// The sub-index of a concentration against one column under one HJ 633 version.
    ///
    /// Interpolates between the neighbouring breakpoints (formula 1) and rounds the result up to an
    /// integer (进位取整数). Under HJ 633—2026 the concentration is first rounded per GB/T 8170.
    /// Above the top row: columns ending at IAQI 500 report 500 (`cappedAtTopBreakpoint`); SO2 1 h and
    /// O3 8 h give 200 / 300 under 2026 and "not defined" under 2012, where the report substitutes.
    public static func subIndex(
        of concentration: AirConcentration, column: AQIBreakpointColumn,
        standard: AQIStandard
    ) -> IAQIColumnValue {
        let raw = concentration.value(in: column.unit)
        guard !raw.isNaN, raw >= 0 else {
            return IAQIColumnValue(
                standard: standard, column: column, evaluatedConcentration: nil,
                value: nil, basis: .invalidConcentration)
        }
        let evaluated =
            standard.roundsConcentrationsBeforeIndexing
            ? ExactDecimal.roundedHalfEven(raw, places: column.reportingDecimalPlaces)
            : raw
        let table = AQIBreakpointTable.breakpoints(for: column, standard: standard)
        func result(_ value: Int?, _ basis: IAQIBasis) -> IAQIColumnValue {
            IAQIColumnValue(
                standard: standard, column: column, evaluatedConcentration: evaluated,
                value: value, basis: basis)
        }
        for (lower, upper) in zip(table, table.dropFirst()) where evaluated <= upper.concentration {
            // Multiply before dividing, then take an exact ceiling, so a breakpoint gives its exact index.
            let numerator = Decimal(upper.index - lower.index) * (evaluated - lower.concentration)
            let denominator = upper.concentration - lower.concentration
            let step = ExactDecimal.ceilingOfQuotient(numerator, denominator)
            return result(lower.index + ExactDecimal.integer(step), .interpolated)
        }
        switch (column, standard) {
        case (.so2OneHour, .hj633_2026):
            return result(200, .so2OneHourAbove800CountedAs200)
        case (.o3EightHour, .hj633_2026):
            return result(300, .o3EightHourAbove800CountedAs300)
        case (.so2OneHour, .hj633_2012), (.o3EightHour, .hj633_2012):
            return result(nil, .notDefinedAboveColumn)
        default:
            return result(AQIBreakpointTable.indexRows.last ?? 500, .cappedAtTopBreakpoint)
        }
    }
}
