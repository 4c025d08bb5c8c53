import Foundation

/// The local dates on which the 2026 revisions of the national air standards take effect.
public enum AirStandardsRevision: Sendable {
    /// First Asia/Shanghai day on which HJ 633—2026 and GB 3095—2026 apply (2026-03-01).
    public static let revision2026EffectiveDate = ChinaLocalDate(knownValidYear: 2026, month: 3, day: 1)

    /// First Asia/Shanghai day on which GB 3095—2026 final limits replace its transition limits (2031-01-01).
    public static let gb3095FinalLimitsEffectiveDate = ChinaLocalDate(knownValidYear: 2031, month: 1, day: 1)
}
