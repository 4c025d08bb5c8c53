import Foundation

/// Reads and writes HJ 212 numbers (`[+-]digits[.digits]`, no exponent) as `Decimal`, never through `Double`.
public enum HJ212DecimalParser: Sendable {
    /// Parses a number; surrounding spaces are ignored. Nil for anything else (empty, exponent, junk).
    public static func decimal(_ text: String) -> Decimal? {
        var text = text
        return text.withUTF8 { decimal($0) }
    }

    /// Parses a number from raw bytes.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        guard start < end else { return nil }
        var negative = false
        if bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "+") {
            negative = bytes[start] == UInt8(ascii: "-")
            start += 1
        }
        var significand: UInt64 = 0
        var wide: Decimal?
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        for index in start..<end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = UInt64(byte - UInt8(ascii: "0"))
            digits += 1
            if seenPoint { fractionDigits += 1 }
            if var accumulated = wide {
                accumulated = accumulated * 10 + Decimal(digit)
                wide = accumulated
            } else if significand > (UInt64.max - digit) / 10 {
                // Beyond 19 digits the UInt64 would overflow; continue in Decimal arithmetic.
                wide = Decimal(significand) * 10 + Decimal(digit)
            } else {
                significand = significand * 10 + digit
            }
        }
        guard digits > 0 else { return nil }
        let magnitude = wide ?? Decimal(significand)
        // A minus sign on zero would make a negative-zero Decimal, which Foundation treats as NaN.
        let sign: FloatingPointSign = (negative && !magnitude.isZero) ? .minus : .plus
        return Decimal(sign: sign, exponent: -fractionDigits, significand: magnitude)
    }

    /// Writes a Decimal in plain positional notation with `.` as the point, as HJ 212 sends numbers.
    public static func text(_ value: Decimal) -> String {
        // Decimal.description is locale-independent and positional (no exponent), unlike String(format:).
        value.description
    }
}
