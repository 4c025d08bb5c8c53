import Foundation

/// The one textual time format on the bus and in the APIs: ISO 8601 in UTC with milliseconds.
public enum BusTime {
    /// Formats `date` as `2026-11-29T05:12:39.123Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// Parses an ISO 8601 time with a zone designator, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
