import Foundation

/// A monitoring section's class by the single-factor method: the worst class of its evaluated items.
public struct SurfaceWaterSectionAssessment: Sendable, Hashable, Codable {
    /// The standard applied.
    public let standard: String
    /// The kind of water body.
    public let waterBody: WaterBodyKind
    /// The items that took part.
    public let scope: SurfaceWaterEvaluationScope
    /// Single-factor results of the evaluated items, in the order supplied.
    public let factorResults: [SurfaceWaterFactorResult]
    /// The section class, nil when no item was evaluated.
    public let sectionClass: SurfaceWaterClass?
    /// The items whose class equals the section class (several when tied).
    public let decidingFactors: [SurfaceWaterFactor]
    /// Supplied items left out by the scope (or because they have no class limits).
    public let excludedFactors: [SurfaceWaterFactor]

    /// Creates an assessment from single-factor results.
    public init(
        waterBody: WaterBodyKind, scope: SurfaceWaterEvaluationScope,
        factorResults: [SurfaceWaterFactorResult], excludedFactors: [SurfaceWaterFactor]
    ) {
        self.standard = GB3838LimitTable.designation
        self.waterBody = waterBody
        self.scope = scope
        self.factorResults = factorResults
        let worst = factorResults.map(\.waterClass).max()
        self.sectionClass = worst
        self.decidingFactors = factorResults.filter { $0.waterClass == worst }.map(\.factor)
        self.excludedFactors = excludedFactors
    }
}
