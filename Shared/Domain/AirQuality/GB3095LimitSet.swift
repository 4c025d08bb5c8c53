import Foundation

/// A column of GB 3095 concentration limits, chosen by the data's local date.
public enum GB3095LimitSet: String, Sendable, Codable, CaseIterable, Hashable {
    /// GB 3095—2012 limits, for data before 2026-03-01.
    case gb3095_2012 = "GB3095-2012"
    /// GB 3095—2026 transition limits (equal to the 2012 limits), 2026-03-01 to 2030-12-31.
    case gb3095_2026Transition = "GB3095-2026-transition"
    /// GB 3095—2026 final limits, from 2031-01-01.
    case gb3095_2026Final = "GB3095-2026-final"

    /// The limit set in force on a local (Asia/Shanghai) day.
    public static func inForce(on date: ChinaLocalDate) -> GB3095LimitSet {
        if date < AirStandardsRevision.revision2026EffectiveDate { return .gb3095_2012 }
        if date < AirStandardsRevision.gb3095FinalLimitsEffectiveDate { return .gb3095_2026Transition }
        return .gb3095_2026Final
    }

    /// The limit set in force at an instant, read on the Asia/Shanghai clock.
    public static func inForce(at instant: Date) -> GB3095LimitSet {
        inForce(on: ChinaLocalDate(containing: instant))
    }

    /// The designation of the standard the set belongs to, e.g. "GB 3095—2026".
    public var designation: String {
        self == .gb3095_2012 ? "GB 3095—2012" : "GB 3095—2026"
    }
}
