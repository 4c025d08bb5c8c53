import Foundation

/// The outcome of a GB 3095 validity check.
public enum GB3095Validity: String, Sendable, Codable, CaseIterable, Hashable {
    /// Enough data: the statistic is valid.
    case valid
    /// Too little data in total or in some month: the statistic is not valid.
    case insufficientData
    /// GB 3095 states no minimum for this pollutant and statistic.
    case noRuleInStandard
}
