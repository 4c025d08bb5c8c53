import Foundation

/// When daytime starts and ends on the local clock; GB 3096's default is 06:00–22:00 in Asia/Shanghai.
public struct NoisePeriodSchedule: Sendable, Hashable, Codable {
    /// Minutes after local midnight at which daytime starts (inclusive).
    public let dayStartMinute: Int
    /// Minutes after local midnight at which daytime ends and night starts (exclusive).
    public let dayEndMinute: Int
    /// The IANA zone the clock times are read in.
    public let timeZoneIdentifier: String

    /// The GB 3096 default: day 06:00–22:00, night 22:00–06:00, Asia/Shanghai.
    public static let standard = NoisePeriodSchedule(
        dayStartMinute: 6 * 60, dayEndMinute: 22 * 60,
        timeZoneIdentifier: "Asia/Shanghai")

    /// Creates a schedule; a local government may set hours other than the default.
    public init(dayStartMinute: Int, dayEndMinute: Int, timeZoneIdentifier: String = "Asia/Shanghai") {
        self.dayStartMinute = dayStartMinute
        self.dayEndMinute = dayEndMinute
        self.timeZoneIdentifier = timeZoneIdentifier
    }

    /// The period a local clock time (minutes after midnight, 0–1439) falls in.
    public func period(atMinuteOfDay minute: Int) -> NoisePeriod {
        let wrapped = ((minute % 1440) + 1440) % 1440
        if dayStartMinute <= dayEndMinute {
            return (dayStartMinute..<dayEndMinute).contains(wrapped) ? .day : .night
        }
        // A daytime window that crosses midnight.
        return (wrapped >= dayStartMinute || wrapped < dayEndMinute) ? .day : .night
    }

    /// The period an instant falls in, read on this schedule's clock.
    public func period(at instant: Date) -> NoisePeriod {
        let zone = TimeZone(identifier: timeZoneIdentifier) ?? ChinaStandardTime.timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let minute = calendar.component(.hour, from: instant) * 60 + calendar.component(.minute, from: instant)
        return period(atMinuteOfDay: minute)
    }
}
