import Foundation

@testable import Domain

/// Helpers shared by the HJ 212 tests; the CRC here is a bit-by-bit transcription of the reference steps,
/// kept independent of the table-driven implementation under test.
enum HJ212TestSupport {
    /// The reference's step-by-step CRC: R = (R >> 8) ^ b, then eight shift/XOR rounds.
    static func referenceCRC(_ text: String) -> UInt16 {
        var register: UInt16 = 0xFFFF
        for byte in text.utf8 {
            register = (register >> 8) ^ UInt16(byte)
            for _ in 0..<8 {
                let lowBit = register & 1
                register >>= 1
                if lowBit == 1 { register ^= 0xA001 }
            }
        }
        return register
    }

    /// Plain CRC-16/MODBUS, bit by bit.
    static func referenceModbus(_ text: String) -> UInt16 {
        var register: UInt16 = 0xFFFF
        for byte in text.utf8 {
            register ^= UInt16(byte)
            for _ in 0..<8 {
                let lowBit = register & 1
                register >>= 1
                if lowBit == 1 { register ^= 0xA001 }
            }
        }
        return register
    }

    /// Four upper-case hex digits.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// A frame written by hand: `##` + byte length + segment + CRC (reference algorithm unless given) + tail.
    static func frame(_ segment: String, crc: String? = nil, tail: String = "\r\n", length: Int? = nil) -> [UInt8] {
        let byteCount = length ?? segment.utf8.count
        let lengthText = String(byteCount)
        let paddedLength = String(repeating: "0", count: max(0, 4 - lengthText.count)) + lengthText
        return Array(("##" + paddedLength + segment + (crc ?? hex(referenceCRC(segment))) + tail).utf8)
    }

    /// Decodes all messages and refusals from the given chunks fed one after another.
    static func decodeAll(_ chunks: [[UInt8]], options: HJ212Options = []) -> [Result<HJ212Message, HJ212Refusal>] {
        var decoder = HJ212FrameDecoder(options: options)
        return chunks.flatMap { decoder.feed($0) }
    }

    /// The refusal of a one-frame decode, or nil when it was accepted.
    static func refusal(_ bytes: [UInt8], options: HJ212Options = []) -> HJ212Refusal? {
        do throws(HJ212Refusal) {
            _ = try HJ212Message(wireBytes: bytes, options: options)
            return nil
        } catch {
            return error
        }
    }

    /// A conforming 2017 real-time upload of about 400 bytes.
    static let airUploadSegment =
        "QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20240315103000;a21005-Rtd=1.1,a21005-Flag=N;a21004-Rtd=112,a21004-Flag=N;a21026-Rtd=58,a21026-Flag=N;a34004-Rtd=35.2,a34004-Flag=N;a34002-Rtd=95,a34002-Flag=N;a05024-Rtd=160,a05024-Flag=N;a01001-Rtd=12.6,a01001-Flag=N;a01002-Rtd=32,a01002-Flag=N;a01006-Rtd=101.02,a01006-Flag=N;a01007-Rtd=2.1,a01007-Flag=N;a01008-Rtd=120,a01008-Flag=N;a34001-Rtd=217,a34001-Flag=N&&"
}
