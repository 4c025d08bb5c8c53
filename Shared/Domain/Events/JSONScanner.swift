/// A small, allocation-light JSON reader for the bus's hot path: it validates JSON text per
/// RFC 8259 and reads flat objects (the envelope) without building a Foundation object graph.
public enum JSONScanner {
    /// A scalar member of a flat object.
    public enum Scalar: Equatable, Sendable {
        /// A string, unescaped.
        case string(String)
        /// A number, as written.
        case number(String)
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null
    }

    /// Whether `bytes` is exactly one valid JSON value (surrounding whitespace allowed).
    public static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        withBuffer(bytes) { buffer in
            var reader = Reader(bytes: buffer)
            reader.skipWhitespace()
            guard reader.skipValue(depth: 0) else { return false }
            reader.skipWhitespace()
            return reader.atEnd
        }
    }

    /// The members of a JSON object whose values are all scalars; nil if it is anything else.
    public static func flatObject(_ bytes: some Collection<UInt8>) -> [String: Scalar]? {
        var members: [String: Scalar] = [:]
        guard forEachMember(of: bytes, { members[$0] = $1 }) else { return nil }
        return members
    }

    /// Calls `body` with each member, in order, of a JSON object whose values are all scalars;
    /// false (after any calls) if the text is anything else. Readers that know the keys they
    /// want use this to skip building a dictionary.
    public static func forEachMember(of bytes: some Collection<UInt8>, _ body: (String, Scalar) -> Void) -> Bool {
        withBuffer(bytes) { buffer -> Bool in
            var reader = Reader(bytes: buffer)
            reader.skipWhitespace()
            guard reader.take(UInt8(ascii: "{")) else { return false }
            reader.skipWhitespace()
            if reader.take(UInt8(ascii: "}")) {
                reader.skipWhitespace()
                return reader.atEnd
            }
            while true {
                reader.skipWhitespace()
                guard let key = reader.readString() else { return false }
                reader.skipWhitespace()
                guard reader.take(UInt8(ascii: ":")) else { return false }
                reader.skipWhitespace()
                guard let value = reader.readScalar() else { return false }
                body(key, value)
                reader.skipWhitespace()
                if reader.take(UInt8(ascii: ",")) { continue }
                guard reader.take(UInt8(ascii: "}")) else { return false }
                reader.skipWhitespace()
                return reader.atEnd
            }
        }
    }

    /// Runs `body` over the bytes in place when they are contiguous (`Data`, arrays), else over a copy.
    private static func withBuffer<T>(_ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let result = bytes.withContiguousStorageIfAvailable(body) { return result }
        return Array(bytes).withUnsafeBufferPointer(body)
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        var atEnd: Bool { position >= bytes.count }
        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            position += 1
            return true
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        mutating func take(literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for index in 0..<count where bytes[position + index] != literal.utf8Start[index] { return false }
            position += count
            return true
        }

        mutating func skipValue(depth: Int) -> Bool {
            guard depth < 512, let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "{"):
                position += 1
                skipWhitespace()
                if take(UInt8(ascii: "}")) { return true }
                while true {
                    skipWhitespace()
                    guard readString() != nil else { return false }
                    skipWhitespace()
                    guard take(UInt8(ascii: ":")) else { return false }
                    skipWhitespace()
                    guard skipValue(depth: depth + 1) else { return false }
                    skipWhitespace()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(UInt8(ascii: "}"))
                }
            case UInt8(ascii: "["):
                position += 1
                skipWhitespace()
                if take(UInt8(ascii: "]")) { return true }
                while true {
                    skipWhitespace()
                    guard skipValue(depth: depth + 1) else { return false }
                    skipWhitespace()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(UInt8(ascii: "]"))
                }
            default:
                return readScalar() != nil
            }
        }

        mutating func readScalar() -> Scalar? {
            switch current {
            case UInt8(ascii: "\""): return readString().map(Scalar.string)
            case UInt8(ascii: "t"): return take(literal: "true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return take(literal: "false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return take(literal: "null") ? .null : nil
            default: return readNumber().map(Scalar.number)
            }
        }

        mutating func readNumber() -> String? {
            let start = position
            _ = take(UInt8(ascii: "-"))
            guard let first = current, isDigit(first) else { return nil }
            position += 1
            if first != UInt8(ascii: "0") { while let byte = current, isDigit(byte) { position += 1 } }
            if take(UInt8(ascii: ".")) {
                guard let byte = current, isDigit(byte) else { return nil }
                while let byte = current, isDigit(byte) { position += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard let byte = current, isDigit(byte) else { return nil }
                while let byte = current, isDigit(byte) { position += 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        /// Reads a string literal, validating escapes and UTF-8; returns its unescaped text.
        mutating func readString() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            var plain = true
            while let byte = current {
                if byte == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
                    position += 1
                    if plain { return String(validating: raw, as: UTF8.self) }
                    return unescape(raw)
                }
                if byte < 0x20 { return nil }
                if byte == UInt8(ascii: "\\") {
                    plain = false
                    position += 1
                    guard let escaped = current else { return nil }
                    if escaped == UInt8(ascii: "u") {
                        guard position + 4 < bytes.count else { return nil }
                        for offset in 1...4 where hexValue(bytes[position + offset]) == nil { return nil }
                        position += 4
                    } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                        return nil
                    }
                }
                position += 1
            }
            return nil
        }

        private func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        private func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
            var output: [UInt8] = []
            output.reserveCapacity(raw.count)
            var index = 0
            var pendingHigh: UInt32?
            func appendScalar(_ value: UInt32) -> Bool {
                guard let scalar = Unicode.Scalar(value) else { return false }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
                return true
            }
            while index < raw.count {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\") else {
                    if pendingHigh != nil { return nil }
                    output.append(byte)
                    index += 1
                    continue
                }
                let escaped = raw[index + 1]
                index += 2
                if escaped == UInt8(ascii: "u") {
                    var value: UInt32 = 0
                    for offset in 0..<4 { value = value << 4 | (hexValue(raw[index + offset]) ?? 0) }
                    index += 4
                    if let high = pendingHigh {
                        guard (0xDC00...0xDFFF).contains(value) else { return nil }
                        pendingHigh = nil
                        guard appendScalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)) else { return nil }
                    } else if (0xD800...0xDBFF).contains(value) {
                        pendingHigh = value
                    } else {
                        guard !(0xDC00...0xDFFF).contains(value), appendScalar(value) else { return nil }
                    }
                    continue
                }
                if pendingHigh != nil { return nil }
                switch escaped {
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                default: output.append(escaped)
                }
            }
            if pendingHigh != nil { return nil }
            return String(validating: output, as: UTF8.self)
        }
    }
}
