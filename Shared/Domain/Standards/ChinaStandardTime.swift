import Foundation

/// The Asia/Shanghai clock that the Chinese standards use for local dates and times.
public enum ChinaStandardTime: Sendable {
    /// The Asia/Shanghai zone, or a fixed UTC+8 zone when the time-zone database lacks it.
    public static let timeZone: TimeZone =
        TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? TimeZone.gmt

    /// A Gregorian calendar that reads instants on the Asia/Shanghai clock.
    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
