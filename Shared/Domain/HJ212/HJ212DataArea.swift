import Foundation

/// The CP data area (between `CP=&&` and the final `&&`): an ordered collection of `name=value` fields.
public struct HJ212DataArea: Sendable, RandomAccessCollection, Equatable, CustomStringConvertible {
    /// The bytes the spans point into (a message's whole data segment, shared rather than copied).
    let storage: [UInt8]
    /// Where the data area sits in `storage`.
    let bounds: Range<Int>
    /// The fields, located but not yet turned into strings.
    let spans: ContiguousArray<HJ212FieldSpan>

    /// Wraps located fields.
    init(storage: [UInt8], bounds: Range<Int>, spans: ContiguousArray<HJ212FieldSpan>) {
        self.storage = storage
        self.bounds = bounds
        self.spans = spans
    }

    /// An empty data area (`CP=&&&&`).
    public init() {
        self.init(storage: [], bounds: 0..<0, spans: [])
    }

    /// Builds a data area from items; fields of one item are joined by `,` and items by `;`.
    ///
    /// Names must be non-empty ASCII without `;` `,` `=` or spaces; values must not contain `;` or `,`
    /// unless they are `//…//` text. The result is checked by the same scanner that decodes packets.
    public init(items: [[HJ212CPField]]) throws(HJ212Refusal) {
        var bytes: [UInt8] = []
        for (itemIndex, item) in items.enumerated() {
            if itemIndex > 0 { bytes.append(UInt8(ascii: ";")) }
            for (fieldIndex, field) in item.enumerated() {
                if fieldIndex > 0 { bytes.append(UInt8(ascii: ",")) }
                try Self.checkBuildable(field)
                bytes.append(contentsOf: field.name.utf8)
                bytes.append(UInt8(ascii: "="))
                bytes.append(contentsOf: field.value.utf8)
            }
        }
        let scanned = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(HJ212Refusal) -> ContiguousArray<HJ212FieldSpan> in
                try HJ212SegmentParser.scanFields(buffer, from: 0, to: buffer.count)
            }
        }
        let spans = try scanned.get()
        // A value that swallowed a separator would surface as a different field count.
        guard spans.count == items.reduce(0, { $0 + $1.count }) else {
            throw HJ212Refusal(.badCP, "a CP value contains a separator outside //…//", field: "CP", raw: bytes)
        }
        self.init(storage: bytes, bounds: 0..<bytes.count, spans: spans)
    }

    /// Builds a data area where every field is its own `;`-separated item.
    public init(fields: [HJ212CPField]) throws(HJ212Refusal) {
        try self.init(items: fields.map { [$0] })
    }

    private static func checkBuildable(_ field: HJ212CPField) throws(HJ212Refusal) {
        let nameIsClean =
            !field.name.isEmpty
            && field.name.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ";") && byte != UInt8(ascii: ",")
                    && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "&")
            }
        guard nameIsClean else {
            throw HJ212Refusal(
                .badCP, "CP field name \"\(field.name)\" is empty or has a separator, space or non-ASCII byte",
                field: field.name)
        }
        if !field.isText, field.value.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") }) {
            throw HJ212Refusal(
                .badCP, "CP value of \(field.name) contains a separator outside //…//", field: field.name)
        }
    }

    // MARK: - Collection

    /// Index of the first field.
    public var startIndex: Int { 0 }
    /// One past the last field.
    public var endIndex: Int { spans.count }

    /// The field at `position`, materialised as strings.
    public subscript(position: Int) -> HJ212CPField {
        let span = spans[position]
        return HJ212CPField(
            name: storage.hj212String(span.name), value: storage.hj212String(span.value), item: Int(span.item))
    }

    /// The data area exactly as sent (without the surrounding `&&`).
    public var text: String {
        storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[bounds]), as: UTF8.self) }
    }

    /// The data area text.
    public var description: String { text }

    /// Fields grouped by their `;`-separated item, in order.
    public var items: [[HJ212CPField]] {
        var grouped: [[HJ212CPField]] = []
        for field in self {
            if grouped.isEmpty || grouped[grouped.count - 1].first?.item != field.item {
                grouped.append([field])
            } else {
                grouped[grouped.count - 1].append(field)
            }
        }
        return grouped
    }

    /// Compares the fields (names, values and item grouping), not where they sit in memory.
    public static func == (lhs: HJ212DataArea, rhs: HJ212DataArea) -> Bool {
        guard lhs.spans.count == rhs.spans.count else { return false }
        return zip(lhs, rhs).allSatisfy { $0 == $1 }
    }

    // MARK: - Lookup

    /// Offset of the first field called `name`, found by comparing bytes.
    private func spanIndex(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            storage.withUnsafeBufferPointer { bytes in
                spans.firstIndex { span in
                    span.name.count == wanted.count
                        && UnsafeBufferPointer(rebasing: bytes[span.name.range]).elementsEqual(wanted)
                }
            }
        }
    }

    /// The first field called `name` (for example `a34004-Rtd`), if any.
    public func field(named name: String) -> HJ212CPField? {
        spanIndex(of: name).map { self[$0] }
    }

    /// The raw value of the first field called `name`, exactly as sent.
    public func value(of name: String) -> String? {
        spanIndex(of: name).map { storage.hj212String(spans[$0].value) }
    }

    /// The value of `name` as a Decimal; nil when absent or not a plain decimal number.
    public func decimal(of name: String) -> Decimal? {
        guard let index = spanIndex(of: name) else { return nil }
        return storage.withUnsafeBufferPointer {
            HJ212DecimalParser.decimal(UnsafeBufferPointer(rebasing: $0[spans[index].value.range]))
        }
    }

    /// The value of `name` as a local `YYYYMMDDhhmmss[zzz]` time in `timeZone`, returned as an instant.
    public func date(of name: String, timeZone: TimeZone = HJ212LocalTime.defaultTimeZone) -> Date? {
        value(of: name).flatMap { HJ212LocalTime.date(from: $0, timeZone: timeZone) }
    }

    /// `DataTime` read as local time in `timeZone` (default Asia/Shanghai), returned as an instant.
    public func dataTime(timeZone: TimeZone = HJ212LocalTime.defaultTimeZone) -> Date? {
        date(of: "DataTime", timeZone: timeZone)
    }

    /// Fields whose name has a `code-Suffix` shape, grouped by code in order of first appearance.
    ///
    /// When `table` is given, 2005 legacy codes get their 2017 code in `standardCode`.
    public func readings(mappingLegacyCodesWith table: HJ212FactorTable? = nil) -> [HJ212FactorReading] {
        var order: [String] = []
        var grouped: [String: [HJ212CPField]] = [:]
        for field in self {
            guard let code = field.code else { continue }
            if grouped[code] == nil { order.append(code) }
            grouped[code, default: []].append(field)
        }
        return order.map { code in
            let standardCode = table?.standardCode(forLegacyCode: code) ?? code
            return HJ212FactorReading(code: code, standardCode: standardCode, fields: grouped[code] ?? [])
        }
    }

    /// The reading for one code as sent (for example `a34004`), if present.
    public func reading(for code: String) -> HJ212FactorReading? {
        readings().first { $0.code == code }
    }
}
