import Foundation

/// A weekly time window, in an explicit IANA time zone, during which a route is active (a duty
/// roster): `22:00`–`08:00` crosses midnight and belongs to the day it starts on. Local times are
/// resolved with the zone's calendar for each instant, so a window keeps to the wall clock across DST
/// changes (a window starting in a skipped hour starts when that hour would have ended).
struct DutyWindow: Codable, Sendable, Equatable {
    /// Local start, `HH:mm`.
    var start: String
    /// Local end, `HH:mm` (earlier than `start` when the window crosses midnight; equal to `start` for
    /// the whole day).
    var end: String
    /// IANA time zone, e.g. `Asia/Shanghai`.
    var timeZone: String
    /// The days the window starts on, `mon`…`sun`; empty or absent for every day.
    var days: [String]?

    /// The day names, in the Gregorian calendar's weekday order (1 = Sunday).
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// The first problem with this window, or nil.
    func problem() -> String? {
        guard TimeZone(identifier: timeZone) != nil else { return "unknown time zone '\(timeZone)'" }
        guard QuietHours.minutes(start) != nil, QuietHours.minutes(end) != nil else {
            return "duty window times must be HH:mm"
        }
        if let unknown = (days ?? []).first(where: { !Self.dayNames.contains($0) }) {
            return "unknown day '\(unknown)' (mon…sun)"
        }
        return nil
    }

    /// Whether `date` lies inside the window.
    func contains(_ date: Date) -> Bool {
        guard let zone = TimeZone(identifier: timeZone), let from = QuietHours.minutes(start),
            let to = QuietHours.minutes(end)
        else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute, .weekday], from: date)
        let now = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let weekday = parts.weekday ?? 1
        let days = Set(days ?? [])
        func starts(onWeekday day: Int) -> Bool {
            days.isEmpty || days.contains(Self.dayNames[(day - 1 + 7) % 7])
        }
        if from == to { return starts(onWeekday: weekday) }
        if from < to { return now >= from && now < to && starts(onWeekday: weekday) }
        // Across midnight: the evening part belongs to today, the morning part to yesterday's window.
        if now >= from { return starts(onWeekday: weekday) }
        if now < to { return starts(onWeekday: weekday == 1 ? 7 : weekday - 1) }
        return false
    }
}
