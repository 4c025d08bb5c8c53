import Domain
import Foundation

/// One evaluation of a rule on one scope at one time: does it breach, does it satisfy the clear condition.
struct RuleObservation: Codable, Sendable, Equatable {
    /// When (start of the period observed, or the evaluation time for clock-driven rules).
    var time: Date
    /// Whether the observation breaches the rule.
    var breaching: Bool
    /// Whether it satisfies the clear condition (hysteresis: not breaching is not always clearing).
    var clearing: Bool
    /// The values behind it.
    var evidence: [BreachEvent.Evidence]
    /// The factor that decided it, and its limit, when per-factor.
    var factor: String?
    /// The limit applied, exact text.
    var limit: String?
}
