import Foundation

/// The one textual time format on the bus and in the APIs: ISO 8601 in UTC with milliseconds.
public enum BusTime {
    /// Formats `date` as `2026-11-29T05:12:39.123Z`.
    ///
    /// Written out by hand because it runs once per event on the hot path, where Foundation's
    /// format styles cost more than the database write.
    public static func format(_ date: Date) -> String {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = totalMilliseconds / 86_400_000
        var milliseconds = totalMilliseconds % 86_400_000
        if milliseconds < 0 {
            milliseconds += 86_400_000
            days -= 1
        }
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let second = milliseconds / 1000
        var text = ""
        text.reserveCapacity(24)
        append(year, width: 4, to: &text)
        text.append("-")
        append(month, width: 2, to: &text)
        text.append("-")
        append(day, width: 2, to: &text)
        text.append("T")
        append(second / 3600, width: 2, to: &text)
        text.append(":")
        append(second / 60 % 60, width: 2, to: &text)
        text.append(":")
        append(second % 60, width: 2, to: &text)
        text.append(".")
        append(milliseconds % 1000, width: 3, to: &text)
        text.append("Z")
        return text
    }

    /// Parses an ISO 8601 time with a zone designator, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width { text.append(String(repeating: "0", count: width - digits.count)) }
        text.append(digits)
    }

    /// Proleptic Gregorian year, month, day of a day count from 1970-01-01.
    static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        // Shift the epoch to 0000-03-01 so leap days fall at the end of each 400-year era.
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
