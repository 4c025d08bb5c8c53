import Domain
import Foundation

/// Fast local-day arithmetic for the hot path: China Standard Time is UTC+8 all year (no daylight
/// saving since 1991), so a local day is a UTC day shifted by eight hours. Calendars and locales are
/// made once, not per reading.
enum LocalClock {
    /// China's offset from UTC, seconds.
    static let offset: TimeInterval = 8 * 3600

    /// A Gregorian calendar on UTC, made once.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
        return calendar
    }()

    /// The first instant of HJ 633—2026: 2026-03-01 00:00 in China.
    static let revision2026 = Date(timeIntervalSince1970: 1_772_294_400)

    /// The local date containing `instant`, `YYYY-MM-DD`.
    static func date(of instant: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day], from: instant.addingTimeInterval(offset))
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The UTC instant of local midnight starting `date` (`YYYY-MM-DD`), nil when not a date.
    static func start(of date: String) -> Date? {
        guard let day = ChinaLocalDate(isoString: date) else { return nil }
        var components = DateComponents()
        components.year = day.year
        components.month = day.month
        components.day = day.day
        return utc.date(from: components)?.addingTimeInterval(-offset)
    }

    /// The HJ 633 version in force at `instant` (by the local date of the data).
    static func standard(at instant: Date) -> AQIStandard {
        instant < revision2026 ? .hj633_2012 : .hj633_2026
    }
}
