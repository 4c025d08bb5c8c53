import Foundation

/// All CP fields of one factor or facility code (for example every `a34004-…` field) from one packet.
public struct HJ212FactorReading: Sendable, Hashable {
    /// The code exactly as sent (2005 packets use legacy codes such as `011`).
    public let code: String
    /// The 2017 code: the mapped code for a 2005 legacy code, otherwise `code`.
    public let standardCode: String
    /// The fields in packet order.
    public let fields: [HJ212CPField]

    /// Creates a reading.
    public init(code: String, standardCode: String, fields: [HJ212CPField]) {
        self.code = code
        self.standardCode = standardCode
        self.fields = fields
    }

    /// The raw value for a suffix such as `Rtd`, `Avg` or `ZsMax`.
    public func value(_ suffix: String) -> String? {
        fields.first { $0.suffix == suffix }?.value
    }

    /// The value for a suffix as a Decimal.
    public func decimal(_ suffix: String) -> Decimal? {
        value(suffix).flatMap(HJ212DecimalParser.decimal)
    }

    /// The real-time value (`-Rtd`) as a Decimal.
    public var realTime: Decimal? {
        decimal("Rtd")
    }

    /// The data flag (`-Flag`), when present and known.
    public var flag: HJ212DataFlag? {
        value("Flag").flatMap { HJ212DataFlag(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The raw `-Flag` text, also when it is not a known flag.
    public var flagText: String? {
        value("Flag")
    }
}
