import Foundation

/// A daily window, in an explicit IANA time zone, during which a department receives only urgent
/// messages (level I or red); the window may cross midnight (`22:00`–`07:00`). Local times are
/// resolved with the zone's calendar, so DST changes move the window with the wall clock.
struct QuietHours: Codable, Sendable, Equatable {
    /// Local start, `HH:mm`.
    var start: String
    /// Local end, `HH:mm` (earlier than `start` when the window crosses midnight).
    var end: String
    /// IANA time zone, e.g. `Asia/Shanghai`.
    var timeZone: String

    /// Whether a message of `level` may go out during quiet hours.
    static func isUrgent(level: String) -> Bool { level == "I" || level == "red" }

    /// The first problem with this window, or nil.
    func problem() -> String? {
        guard TimeZone(identifier: timeZone) != nil else { return "unknown time zone '\(timeZone)'" }
        guard let from = Self.minutes(start), let to = Self.minutes(end) else {
            return "quiet hours must be HH:mm"
        }
        return from == to ? "quiet hours must not start and end at the same time" : nil
    }

    /// When the window containing `date` ends, or nil when `date` is outside it.
    func end(containing date: Date) -> Date? {
        guard let zone = TimeZone(identifier: timeZone), let from = Self.minutes(start), let to = Self.minutes(end),
            from != to
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let now = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let inside = from < to ? (now >= from && now < to) : (now >= from || now < to)
        guard inside else { return nil }
        return calendar.nextDate(
            after: date, matching: DateComponents(hour: to / 60, minute: to % 60, second: 0),
            matchingPolicy: .nextTime)
    }

    /// Minutes after midnight of `HH:mm`.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]),
            let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}
