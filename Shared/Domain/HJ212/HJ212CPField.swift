import Foundation

/// One `name=value` field of a CP data area, with its value kept exactly as sent.
public struct HJ212CPField: Sendable, Hashable, CustomStringConvertible {
    /// The field name, for example `a34004-Rtd` or `DataTime`.
    public let name: String
    /// The value exactly as in the packet; a text value keeps its `//` marks.
    public let value: String
    /// Zero-based index of the `;`-separated item that holds the field (0 for a field built standalone).
    public let item: Int

    /// Creates a field for building a data area.
    public init(name: String, value: String) {
        self.init(name: name, value: value, item: 0)
    }

    /// Creates a field with an explicit item index.
    public init(name: String, value: String, item: Int) {
        self.name = name
        self.value = value
        self.item = item
    }

    /// A text field: `content` wrapped in `//…//` (UTF-8, may contain separators and Chinese).
    public static func text(name: String, content: String) -> HJ212CPField {
        HJ212CPField(name: name, value: "//" + content + "//")
    }

    /// A numeric field written without exponent, as HJ 212 expects.
    public static func number(name: String, _ value: Decimal) -> HJ212CPField {
        HJ212CPField(name: name, value: HJ212DecimalParser.text(value))
    }

    /// The part of the name before its first `-` (the factor or facility code), or nil when there is no `-`.
    public var code: String? {
        guard let dash = name.firstIndex(of: "-"), dash != name.startIndex else { return nil }
        return String(name[..<dash])
    }

    /// The part of the name after its first `-` (for example `Rtd`, `Flag`, `ZsAvg`), or nil when there is no `-`.
    public var suffix: String? {
        guard let dash = name.firstIndex(of: "-"), dash != name.startIndex else { return nil }
        return String(name[name.index(after: dash)...])
    }

    /// True when the value is a `//…//` text.
    public var isText: Bool {
        let trimmed = value.utf8
        return trimmed.count >= 4 && trimmed.starts(with: "//".utf8) && trimmed.reversed().starts(with: "//".utf8)
    }

    /// The text between `//` and `//`, or nil when the value is not a text value.
    public var textContent: String? {
        guard isText else { return nil }
        return String(decoding: value.utf8.dropFirst(2).dropLast(2), as: UTF8.self)
    }

    /// The value as a Decimal; nil unless it is a plain decimal number (optional sign, digits, optional point).
    public var decimalValue: Decimal? {
        HJ212DecimalParser.decimal(value)
    }

    /// The value as a local `YYYYMMDDhhmmss[zzz]` time in `timeZone`, returned as an instant.
    public func date(timeZone: TimeZone = HJ212LocalTime.defaultTimeZone) -> Date? {
        HJ212LocalTime.date(from: value, timeZone: timeZone)
    }

    /// The value as a data flag (`N`, `F`, `M`, …), when it is one.
    public var dataFlag: HJ212DataFlag? {
        HJ212DataFlag(rawValue: value.trimmingCharacters(in: .whitespaces))
    }

    /// `name=value`.
    public var description: String {
        "\(name)=\(value)"
    }
}
