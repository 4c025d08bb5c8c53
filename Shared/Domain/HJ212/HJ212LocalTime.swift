import Foundation

/// Converts HJ 212 local timestamps (`YYYYMMDDhhmmss`, optionally `zzz` milliseconds) to and from instants.
public enum HJ212LocalTime: Sendable {
    /// China Standard Time (Asia/Shanghai), the zone devices write their clocks in unless configured otherwise.
    public static let defaultTimeZone: TimeZone =
        TimeZone(identifier: "Asia/Shanghai")
        ?? TimeZone(secondsFromGMT: 8 * 3600)
        ?? TimeZone.current

    /// Reads 14 digits (`YYYYMMDDhhmmss`) or 17 digits (with milliseconds) as local time in `timeZone`.
    ///
    /// Surrounding spaces are ignored. Returns nil for any other length, non-digits, or an impossible date such as 20230230.
    public static func date(from text: String, timeZone: TimeZone = defaultTimeZone) -> Date? {
        let digits = Array(
            text.utf8.drop { $0 == UInt8(ascii: " ") }.reversed().drop { $0 == UInt8(ascii: " ") }.reversed())
        guard digits.count == 14 || digits.count == 17,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        func number(_ offset: Int, _ length: Int) -> Int {
            digits[offset..<offset + length].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        let year = number(0, 4), month = number(4, 2), day = number(6, 2)
        let hour = number(8, 2), minute = number(10, 2), second = number(12, 2)
        let millisecond = digits.count == 17 ? number(14, 3) : 0
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let localSeconds = Double(
            daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second)
        // Two passes find the offset in force at that local time, including around historic DST changes.
        let firstGuess = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: localSeconds))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: localSeconds - Double(firstGuess)))
        // Dividing whole milliseconds once gives the correctly rounded instant (no accumulated binary error).
        let utcMilliseconds = (Int64(localSeconds) - Int64(offset)) * 1000 + Int64(millisecond)
        return Date(timeIntervalSince1970: Double(utcMilliseconds) / 1000)
    }

    /// Writes `date` as local time in `timeZone`: 14 digits, or 17 with milliseconds (the QN form).
    public static func text(from date: Date, timeZone: TimeZone = defaultTimeZone, milliseconds: Bool = false) -> String
    {
        let offset = timeZone.secondsFromGMT(for: date)
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded()) + Int64(offset) * 1000
        let secondsTotal = Int(totalMilliseconds >= 0 ? totalMilliseconds / 1000 : (totalMilliseconds - 999) / 1000)
        let millisecond = Int(totalMilliseconds - Int64(secondsTotal) * 1000)
        let days = secondsTotal >= 0 ? secondsTotal / 86_400 : (secondsTotal - 86_399) / 86_400
        let secondOfDay = secondsTotal - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var result = padded(year, 4) + padded(month, 2) + padded(day, 2)
        result += padded(secondOfDay / 3600, 2) + padded(secondOfDay / 60 % 60, 2) + padded(secondOfDay % 60, 2)
        if milliseconds { result += padded(millisecond, 3) }
        return result
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Proleptic Gregorian day count from 1970-01-01, using the era-based civil calendar arithmetic.
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
