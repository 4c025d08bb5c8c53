import Foundation

/// A lookup of factors by 2017 code and of 2005 legacy codes to 2017 codes; the table is data, not logic.
public struct HJ212FactorTable: Sendable {
    /// Factors by 2017 code.
    public let factors: [String: HJ212Factor]
    /// 2017 codes by 2005 legacy code.
    public let legacyToStandard: [String: String]

    /// The table built from the HJ 212-2017 appendix B rows the reference lists.
    public static let standard = HJ212FactorTable(factors: standardFactors)

    /// 2005 legacy codes that have no single 2017 equivalent (B03 noise, 025 trivalent Cr, 16 benzene series, 99 other).
    public static let unmappedLegacyCodes: Set<String> = ["B03", "025", "16", "99"]

    /// Builds a table; the legacy map comes from each factor's `legacyCode`, and a later duplicate code wins.
    public init(factors: [HJ212Factor]) {
        var byCode: [String: HJ212Factor] = [:]
        var legacy: [String: String] = [:]
        for factor in factors {
            byCode[factor.code] = factor
            if let old = factor.legacyCode { legacy[old] = factor.code }
        }
        self.factors = byCode
        self.legacyToStandard = legacy
    }

    /// The factor with a 2017 code (or a legacy code, which is mapped first).
    public func factor(for code: String) -> HJ212Factor? {
        factors[code] ?? legacyToStandard[code].flatMap { factors[$0] }
    }

    /// The 2017 code for a 2005 legacy code such as `011` or `B01`; nil when it is not a known legacy code.
    public func standardCode(forLegacyCode legacyCode: String) -> String? {
        legacyToStandard[legacyCode]
    }
}
