import Foundation

/// Writes compact JSON byte by byte, for the payloads every event pays for; callers emit members in
/// sorted key order so the bytes equal what the bus's `JSONEncoder` (sorted keys) would write.
public struct JSONWriter: Sendable {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8] = []

    /// Starts an empty text with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends raw JSON punctuation or a literal (`{`, `,"key":`, `true`…), trusted as written.
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `text` as a JSON string literal, escaped per RFC 8259: only `"`, `\` and control
    /// characters need it, every other UTF-8 byte is copied as it is.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw(#"\""#)
            case UInt8(ascii: "\\"): raw(#"\\"#)
            case UInt8(ascii: "\n"): raw(#"\n"#)
            case UInt8(ascii: "\r"): raw(#"\r"#)
            case UInt8(ascii: "\t"): raw(#"\t"#)
            case 0..<0x20:
                raw(#"\u00"#)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an integer.
    public mutating func integer(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends a time as the bus writes times (`BusTime.format`), quoted.
    public mutating func time(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        BusTime.write(date, into: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The text as `Data`.
    public var data: Data { Data(bytes) }

    /// Lower-case hexadecimal digits, for escapes and ids.
    static let hexDigits = Array("0123456789abcdef".utf8)
}
