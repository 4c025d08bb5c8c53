import Foundation

/// An averaging period for which GB 3095 states a concentration limit.
public enum AmbientAveragingPeriod: String, Sendable, Codable, CaseIterable, Hashable {
    /// 1-hour mean (1小时平均).
    case oneHour = "1h"
    /// 24-hour mean (24小时平均).
    case twentyFourHour = "24h"
    /// Daily maximum 8-hour mean (日最大8小时平均), ozone only.
    case dailyMaximumEightHour = "max8h"
    /// Quarterly mean (季平均), lead only.
    case quarterly = "quarter"
    /// Annual mean (年平均).
    case annual = "year"
}
