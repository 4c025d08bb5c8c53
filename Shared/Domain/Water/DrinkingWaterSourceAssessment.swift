import Foundation

/// Whether a centralised surface drinking-water source meets GB 3838: class III or better plus Table 2.
public struct DrinkingWaterSourceAssessment: Sendable, Hashable, Codable {
    /// The standard applied.
    public let standard: String
    /// The kind of water body.
    public let waterBody: WaterBodyKind
    /// Single-factor results of the basic items evaluated.
    public let basicResults: [SurfaceWaterFactorResult]
    /// Results of the supplementary items supplied.
    public let supplementaryResults: [DrinkingWaterSupplementaryResult]
    /// Items that failed: basic items worse than class III and supplementary items above their limit.
    public let nonCompliantFactors: [SurfaceWaterFactor]
    /// Table 2 items that were not supplied.
    public let missingSupplementaryFactors: [SurfaceWaterFactor]
    /// Supplied items not evaluated (water temperature; total nitrogen on a river).
    public let excludedFactors: [SurfaceWaterFactor]
    /// Whether every evaluated item complies.
    public let isCompliant: Bool

    /// Creates an assessment from per-item results.
    public init(
        waterBody: WaterBodyKind, basicResults: [SurfaceWaterFactorResult],
        supplementaryResults: [DrinkingWaterSupplementaryResult], excludedFactors: [SurfaceWaterFactor]
    ) {
        self.standard = GB3838LimitTable.designation
        self.waterBody = waterBody
        self.basicResults = basicResults
        self.supplementaryResults = supplementaryResults
        let failingBasic = basicResults.filter { !$0.waterClass.isClassIIIOrBetter }.map(\.factor)
        let failingSupplementary = supplementaryResults.filter { !$0.isCompliant }.map(\.factor)
        self.nonCompliantFactors = failingBasic + failingSupplementary
        let supplied = Set(supplementaryResults.map(\.factor))
        self.missingSupplementaryFactors = SurfaceWaterFactor.allCases.filter {
            $0.isSupplementaryItem && !supplied.contains($0)
        }
        self.excludedFactors = excludedFactors
        self.isCompliant = nonCompliantFactors.isEmpty
    }
}
