import Foundation

/// A statistic whose validity GB 3095 (Table 4, 数据统计的有效性规定) regulates.
public enum GB3095Statistic: String, Sendable, Codable, CaseIterable, Hashable {
    /// 1-hour mean.
    case oneHourMean
    /// 24-hour (daily) mean.
    case dailyMean
    /// O3 8-hour moving mean.
    case eightHourMean
    /// O3 daily maximum 8-hour mean (HJ 663 practice, not GB 3095 Table 4).
    case dailyMaximumEightHourMean
    /// Quarterly mean (Pb).
    case quarterlyMean
    /// Annual mean.
    case annualMean
}
