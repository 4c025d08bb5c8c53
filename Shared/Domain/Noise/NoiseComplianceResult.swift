import Foundation

/// A GB 3096 check of one equivalent sound level against its zone's limit.
public struct NoiseComplianceResult: Sendable, Hashable, Codable {
    /// The standard applied.
    public let standard: String
    /// The zone class.
    public let zoneClass: NoiseZoneClass
    /// The period.
    public let period: NoisePeriod
    /// The measured L_Aeq, dB(A).
    public let equivalentLevel: Decimal
    /// The limit, dB(A).
    public let limit: Decimal
    /// Whether the level does not exceed the limit.
    public let isCompliant: Bool
    /// How far the level is above the limit (dB), zero when compliant.
    public let exceedance: Decimal

    /// Creates a result by comparing the level with the zone's limit for the period.
    public init(zoneClass: NoiseZoneClass, period: NoisePeriod, equivalentLevel: Decimal) {
        self.standard = NoiseZoneClass.standard
        self.zoneClass = zoneClass
        self.period = period
        self.equivalentLevel = equivalentLevel
        let limit = zoneClass.limit(for: period)
        self.limit = limit
        self.isCompliant = equivalentLevel <= limit
        self.exceedance = equivalentLevel > limit ? equivalentLevel - limit : 0
    }
}
