import Foundation

/// Turns packets into wire bytes: `##` + 4-digit length + data segment + CRC + CR LF.
public enum HJ212Encoder: Sendable {
    /// The wire bytes of a packet in the given style (standard unless told otherwise).
    public static func encode(_ message: HJ212Message, style: HJ212FrameStyle = .standard) -> [UInt8] {
        // A message's segment is at most 9999 bytes (the parser refuses more), so framing cannot fail here.
        frameUnchecked(dataSegment: message.dataSegment, style: style)
    }

    /// Frames arbitrary data-segment bytes; refuses a segment that does not fit the 4-digit length field.
    public static func frame(dataSegment: [UInt8], style: HJ212FrameStyle = .standard) throws(HJ212Refusal) -> [UInt8] {
        guard dataSegment.count <= HJ212SegmentParser.absoluteMaximumLength else {
            throw HJ212Refusal(
                .lengthOverLimit, "data segment of \(dataSegment.count) bytes does not fit a 4-digit length",
                raw: dataSegment)
        }
        if let declared = style.declaredLengthOverride, !(0...9999).contains(declared) {
            throw HJ212Refusal(.badLength, "declared length \(declared) is not 0…9999")
        }
        return frameUnchecked(dataSegment: dataSegment, style: style)
    }

    /// Frames data-segment text (UTF-8; the length counts bytes, not characters).
    public static func frame(dataSegment text: String, style: HJ212FrameStyle = .standard) throws(HJ212Refusal)
        -> [UInt8]
    {
        try frame(dataSegment: Array(text.utf8), style: style)
    }

    private static func frameUnchecked(dataSegment: [UInt8], style: HJ212FrameStyle) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(dataSegment.count + 12)
        bytes.append(UInt8(ascii: "#"))
        bytes.append(UInt8(ascii: "#"))
        let length = min(max(style.declaredLengthOverride ?? dataSegment.count, 0), 9999)
        for divisor in [1000, 100, 10, 1] {
            bytes.append(UInt8(ascii: "0") + UInt8(length / divisor % 10))
        }
        bytes.append(contentsOf: dataSegment)
        let crc = HJ212CRC.checksum(dataSegment, algorithm: style.crcAlgorithm)
        bytes.append(contentsOf: HJ212CRC.hexBytes(crc, uppercase: style.uppercaseHex))
        switch style.tail {
        case .crlf: bytes.append(contentsOf: [0x0D, 0x0A])
        case .lfOnly: bytes.append(0x0A)
        case .none: break
        }
        return bytes
    }
}
