import Foundation

/// The HJ 212 check value ("ANSI CRC16" of HJ 212-2017 / HJ/T 212-2005 Appendix A) and its MODBUS look-alike.
public enum HJ212CRC: Sendable {
    /// Which CRC-16 flavour produced a check value.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// The algorithm exactly as the standard defines it: `R = T[(R >> 8) ^ b]`.
        case standard
        /// Plain CRC-16/MODBUS (`R = (R >> 8) ^ T[(R ^ b) & 0xFF]`), sent by some non-conforming devices.
        case modbus
    }

    /// The reflected 0xA001 table (T[1] = 0xC0C1, T[0xFF] = 0x4040).
    // Shared by both flavours; they differ only in how a byte enters the register.
    static let table: [UInt16] = (0..<256).map { index -> UInt16 in
        var register = UInt16(index)
        for _ in 0..<8 {
            let lowBit = register & 1
            register >>= 1
            if lowBit != 0 { register ^= 0xA001 }
        }
        return register
    }

    /// The standard HJ 212 check value of `bytes` (the data segment only).
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        checksum(bytes, algorithm: .standard)
    }

    /// The check value of `bytes` computed with the given algorithm.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes, algorithm: Algorithm) -> UInt16
    where Bytes.Element == UInt8 {
        if let fast = bytes.withContiguousStorageIfAvailable({
            checksum(buffer: UnsafeRawBufferPointer($0), algorithm: algorithm)
        }) {
            return fast
        }
        let copied = Array(bytes)
        return copied.withUnsafeBytes { checksum(buffer: $0, algorithm: algorithm) }
    }

    /// The check value of a raw byte buffer; the allocation-free form used on the decode path.
    public static func checksum(buffer: UnsafeRawBufferPointer, algorithm: Algorithm = .standard) -> UInt16 {
        switch algorithm {
        case .standard:
            return standardChecksum(buffer)
        case .modbus:
            return table.withUnsafeBufferPointer { lookup in
                var register: UInt16 = 0xFFFF
                for byte in buffer {
                    register = (register >> 8) ^ lookup[Int((register ^ UInt16(byte)) & 0xFF)]
                }
                return register
            }
        }
    }

    // The standard update R = T[(R >> 8) ^ b] keeps only R's high byte between bytes, so the carried state is
    // the 8-bit h = R >> 8 with h' = H[h ^ b], H = T >> 8. H is linear over GF(2), so the state after a block
    // started from h equals A(h) ^ (the state after the same block started from 0), where A is H applied
    // once per byte of the block. That lets four blocks run as independent dependency chains and be joined.
    private static let laneLength = 32
    private static let highBytes: [UInt8] = table.map { UInt8($0 >> 8) }
    private static let advanceOverLane: [UInt8] = (0..<256).map { start -> UInt8 in
        var state = UInt8(start)
        for _ in 0..<laneLength { state = highBytes[Int(state)] }
        return state
    }

    private static func standardChecksum(_ buffer: UnsafeRawBufferPointer) -> UInt16 {
        let count = buffer.count
        guard count > 0 else { return 0xFFFF }
        return highBytes.withUnsafeBufferPointer { high in
            advanceOverLane.withUnsafeBufferPointer { advance in
                table.withUnsafeBufferPointer { full in
                    let lane = laneLength
                    let body = count - 1
                    var state: UInt8 = 0xFF
                    var offset = 0
                    while body - offset >= 4 * lane {
                        var first = state, second: UInt8 = 0, third: UInt8 = 0, fourth: UInt8 = 0
                        for step in 0..<lane {
                            first = high[Int(first ^ buffer[offset + step])]
                            second = high[Int(second ^ buffer[offset + lane + step])]
                            third = high[Int(third ^ buffer[offset + 2 * lane + step])]
                            fourth = high[Int(fourth ^ buffer[offset + 3 * lane + step])]
                        }
                        state = advance[Int(advance[Int(advance[Int(first)] ^ second)] ^ third)] ^ fourth
                        offset += 4 * lane
                    }
                    while offset < body {
                        state = high[Int(state ^ buffer[offset])]
                        offset += 1
                    }
                    return full[Int(state ^ buffer[body])]
                }
            }
        }
    }

    /// The check value as the four upper-case hex digits a sender writes (`%04X`).
    public static func hexDigits(_ value: UInt16) -> String {
        String(decoding: hexBytes(value, uppercase: true), as: UTF8.self)
    }

    /// The check value as four ASCII hex digit bytes, high nibble first.
    public static func hexBytes(_ value: UInt16, uppercase: Bool = true) -> [UInt8] {
        let alphabet: [UInt8] = uppercase ? Array("0123456789ABCDEF".utf8) : Array("0123456789abcdef".utf8)
        return [12, 8, 4, 0].map { shift in alphabet[Int((value >> UInt16(shift)) & 0xF)] }
    }

    /// Parses four hex digits of either case; nil when any byte is not a hex digit or the count is not four.
    public static func parseHex<Bytes: Collection>(_ digits: Bytes) -> UInt16? where Bytes.Element == UInt8 {
        guard digits.count == 4 else { return nil }
        var value: UInt16 = 0
        for byte in digits {
            guard let nibble = hexValue(byte) else { return nil }
            value = value << 4 | UInt16(nibble)
        }
        return value
    }

    /// The value of one ASCII hex digit of either case.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
