import Foundation

/// A calendar day (year, month, day) as read on a local clock, by default Asia/Shanghai.
public struct ChinaLocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Gregorian year, e.g. 2026.
    public let year: Int
    /// Month of the year, 1–12.
    public let month: Int
    /// Day of the month, 1–31.
    public let day: Int

    /// Creates a day, or nil when the month or day does not exist in the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month),
            day >= 1,
            day <= ChinaLocalDate.numberOfDays(inMonth: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates a day from parts the caller already knows to be valid (library constants only).
    init(knownValidYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The local day that contains an instant, read in the given zone (Asia/Shanghai by default).
    public init(containing instant: Date, in timeZone: TimeZone = ChinaStandardTime.timeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.year = calendar.component(.year, from: instant)
        self.month = calendar.component(.month, from: instant)
        self.day = calendar.component(.day, from: instant)
    }

    /// Parses an ISO 8601 calendar date written `YYYY-MM-DD`.
    public init?(isoString: String) {
        let parts = isoString.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3,
            parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Whether a Gregorian year has 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Number of days in a month of a Gregorian year (0 for a month outside 1–12).
    public static func numberOfDays(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Chronological order.
    public static func < (lhs: ChinaLocalDate, rhs: ChinaLocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The ISO 8601 form `YYYY-MM-DD`.
    public var description: String {
        let yearText = String(year)
        let paddedYear = String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText
        let monthText = month < 10 ? "0\(month)" : "\(month)"
        let dayText = day < 10 ? "0\(day)" : "\(day)"
        return "\(paddedYear)-\(monthText)-\(dayText)"
    }

    /// Decodes from an ISO 8601 `YYYY-MM-DD` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = ChinaLocalDate(isoString: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a calendar date YYYY-MM-DD, got \(text)")
        }
        self = parsed
    }

    /// Encodes as an ISO 8601 `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
