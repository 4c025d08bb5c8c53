import Domain
import Foundation

/// Working days in mainland China: Monday–Friday, minus public holidays, plus the weekend days
/// declared working days (调休). The holidays are data (`china_working_days.json`), one State
/// Council notice per year; a year not in the data counts weekdays only.
struct WorkingDayCalendar: Sendable {
    /// Public holidays (no work).
    let holidays: Set<ChinaLocalDate>
    /// Weekend days that are working days.
    let workingWeekends: Set<ChinaLocalDate>

    private struct File: Decodable {
        var holidays: [ChinaLocalDate]
        var workingWeekends: [ChinaLocalDate]
    }

    /// Makes a calendar from explicit days.
    init(holidays: Set<ChinaLocalDate>, workingWeekends: Set<ChinaLocalDate>) {
        self.holidays = holidays
        self.workingWeekends = workingWeekends
    }

    /// Reads the JSON form `{"holidays": ["YYYY-MM-DD"…], "workingWeekends": […]}`.
    init(json: Data) throws {
        let file = try JSONDecoder().decode(File.self, from: json)
        self.init(holidays: Set(file.holidays), workingWeekends: Set(file.workingWeekends))
    }

    /// The calendar shipped with the service.
    static func bundled() throws -> WorkingDayCalendar {
        guard let url = Bundle.module.url(forResource: "china_working_days", withExtension: "json") else {
            throw WasteCatalogue.LoadError(description: "china_working_days.json is missing from the bundle")
        }
        return try WorkingDayCalendar(json: try Data(contentsOf: url))
    }

    private static var gregorian: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ChinaStandardTime.timeZone
        return calendar
    }

    /// Whether `day` is a working day.
    func isWorkingDay(_ day: ChinaLocalDate) -> Bool {
        if holidays.contains(day) { return false }
        if workingWeekends.contains(day) { return true }
        let weekday = Self.gregorian.component(.weekday, from: Self.midnight(of: day))
        return weekday != 1 && weekday != 7
    }

    /// Local midnight (Asia/Shanghai) at the start of `day`, as an instant.
    static func midnight(of day: ChinaLocalDate) -> Date {
        let components = DateComponents(year: day.year, month: day.month, day: day.day)
        return gregorian.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// The day after `day`.
    static func following(_ day: ChinaLocalDate) -> ChinaLocalDate {
        let next = gregorian.date(byAdding: .day, value: 1, to: midnight(of: day)) ?? midnight(of: day)
        return ChinaLocalDate(containing: next.addingTimeInterval(3600))
    }

    /// The instant at which `count` full working days after the local day of `start` have passed:
    /// local midnight after the `count`-th working day following that day.
    func deadline(afterWorkingDays count: Int, from start: Date) -> Date {
        var day = ChinaLocalDate(containing: start)
        var remaining = count
        while remaining > 0 {
            day = Self.following(day)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return Self.midnight(of: Self.following(day))
    }
}
