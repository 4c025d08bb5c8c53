import Foundation

/// One monitored factor (pollutant or parameter) with its 2017 code, its 2005 code and its unit as data.
public struct HJ212Factor: Sendable, Hashable {
    /// Which family of table a factor comes from.
    public enum Medium: String, Sendable, Hashable, CaseIterable {
        /// Water factors (`w…`, 2017 table B.1).
        case water
        /// Air and flue-gas factors (`a…`, 2017 table B.2, plus O3 from HJ 524-2009).
        case air
        /// Noise factors (2017 table B.3).
        case noise
    }

    /// The 2017 code, for example `w01018`.
    public let code: String
    /// English name.
    public let name: String
    /// The table family.
    public let medium: Medium
    /// The HJ/T 212-2005 code the 2017 table lists as 原编码, if any.
    public let legacyCode: String?
    /// The concentration (or level) unit; nil when the references give none, empty when dimensionless.
    public let unit: String?
    /// The unit of a cumulative amount (`-Cou`), when the references give one.
    public let amountUnit: String?
    /// The ST systems `unit` is stated for (for example only ST 22 ambient air); nil means any system.
    public let unitSystems: Set<String>?

    /// Creates a factor record.
    public init(
        code: String, name: String, medium: Medium, legacyCode: String? = nil, unit: String? = nil,
        amountUnit: String? = nil, unitSystems: Set<String>? = nil
    ) {
        self.code = code
        self.name = name
        self.medium = medium
        self.legacyCode = legacyCode
        self.unit = unit
        self.amountUnit = amountUnit
        self.unitSystems = unitSystems
    }

    /// The unit for a packet from system `st`; nil when the table states no unit for that system.
    public func unit(forSystem st: String) -> String? {
        guard let unitSystems else { return unit }
        return unitSystems.contains(st) ? unit : nil
    }
}
