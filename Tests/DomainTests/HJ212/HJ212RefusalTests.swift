import Foundation
import Testing

@testable import Domain

/// Tests for HJ 212 refusal reasons.
@Suite("HJ 212 refusal reasons")
struct HJ212RefusalTests {
    /// Input bytes and the refusal a strict decoder must give for them.
    struct RefusalCase: Sendable, CustomTestStringConvertible {
        /// What is wrong with the bytes.
        let label: String
        /// The malformed input.
        let bytes: [UInt8]
        /// The expected reason.
        let reason: HJ212RefusalReason
        /// The expected field, when the refusal names one.
        let field: String?
        /// How the case is shown in test output.
        var testDescription: String { "\(reason.rawValue): \(label)" }
    }

    private static let head2017 = "QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=4;"
    private static func framed(_ segment: String) -> [UInt8] { HJ212TestSupport.frame(segment) }
    private static let shortHead = "QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=4;"
    // 951 bytes of `CP=&&x=…&&` after a 58-byte header keeps the segment under 1024.
    private static let longCP = "CP=&&x=" + String(repeating: "1", count: 951 - 9) + "&&"

    /// At least one malformed input per refusal reason.
    static let cases: [RefusalCase] = [
        RefusalCase(
            label: "noise before a frame", bytes: Array("GET / HTTP/1.1".utf8) + framed(head2017 + "CP=&&&&"),
            reason: .badHeader, field: nil),
        RefusalCase(label: "letters in the length", bytes: Array("##01a1QN=1".utf8), reason: .badLength, field: nil),
        RefusalCase(
            label: "declared 1025",
            bytes: framed(head2017 + "CP=&&x=" + String(repeating: "1", count: 1025 - head2017.utf8.count - 9) + "&&"),
            reason: .lengthOverLimit, field: nil),
        RefusalCase(
            label: "wrong check value", bytes: HJ212TestSupport.frame(head2017 + "CP=&&&&", crc: "0000"),
            reason: .badCRC, field: nil),
        RefusalCase(
            label: "check value not hex", bytes: HJ212TestSupport.frame(head2017 + "CP=&&&&", crc: "12G4"),
            reason: .badCRC, field: nil),
        RefusalCase(
            label: "tail is CR CR", bytes: HJ212TestSupport.frame(head2017 + "CP=&&&&", tail: "\r\r"), reason: .badTail,
            field: nil),
        RefusalCase(
            label: "2017 packet without MN",
            bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=123456;Flag=4;CP=&&&&"), reason: .missingField,
            field: "MN"),
        RefusalCase(
            label: "no CP part", bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=4"),
            reason: .missingField, field: "CP"),
        RefusalCase(
            label: "PNUM without PNO",
            bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=6;PNUM=2;CP=&&&&"),
            reason: .missingField, field: "PNO"),
        RefusalCase(
            label: "2005 upload without ST", bytes: framed("CN=2011;PW=123456;MN=88888880000001;CP=&&&&"),
            reason: .missingField, field: "ST"),
        RefusalCase(
            label: "ST twice", bytes: framed("QN=20240315103000123;ST=22;ST=22;CN=2011;PW=123456;MN=A1;Flag=4;CP=&&&&"),
            reason: .duplicateField, field: "ST"),
        RefusalCase(
            label: "undefined key",
            bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;XX=1;Flag=4;CP=&&&&"),
            reason: .unknownField, field: "XX"),
        RefusalCase(
            label: "QN with letters",
            bytes: framed("QN=2024031510300012A;ST=22;CN=2011;PW=123456;MN=A1;Flag=4;CP=&&&&"), reason: .badField,
            field: "QN"),
        RefusalCase(
            label: "CN of 3 digits", bytes: framed("QN=20240315103000123;ST=22;CN=201;PW=123456;MN=A1;Flag=4;CP=&&&&"),
            reason: .badField, field: "CN"),
        RefusalCase(
            label: "Flag above 255",
            bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=256;CP=&&&&"), reason: .badField,
            field: "Flag"),
        RefusalCase(
            label: "empty PW", bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=;MN=A1;Flag=4;CP=&&&&"),
            reason: .badField, field: "PW"),
        RefusalCase(
            label: "PNO above PNUM",
            bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=6;PNUM=2;PNO=3;CP=&&&&"),
            reason: .badField, field: "PNO"),
        RefusalCase(
            label: "item without '='",
            bytes: framed("QN=20240315103000123;ST=22;CN2011;PW=123456;MN=A1;Flag=4;CP=&&&&"), reason: .badField,
            field: nil),
        RefusalCase(
            label: "empty header item",
            bytes: framed("QN=20240315103000123;;ST=22;CN=2011;PW=123456;MN=A1;Flag=4;CP=&&&&"), reason: .badField,
            field: nil),
        RefusalCase(
            label: "CP without opening &&", bytes: framed(head2017 + "CP=a34004-Rtd=1&&"), reason: .badCP, field: "CP"),
        RefusalCase(
            label: "bytes after the closing &&", bytes: framed(head2017 + "CP=&&a34004-Rtd=1&&;"), reason: .badCP,
            field: "CP"),
        RefusalCase(
            label: "CP field without '='", bytes: framed(head2017 + "CP=&&DataTime=20240315103000;a34004-Rtd&&"),
            reason: .badCP, field: "CP"),
        RefusalCase(
            label: "unterminated text", bytes: framed(head2017 + "CP=&&i11001-Info=//open log;x=1&&"), reason: .badCP,
            field: "i11001-Info"),
        RefusalCase(
            label: "CP field with an empty name", bytes: framed(head2017 + "CP=&&=1&&"), reason: .badCP, field: "CP"),
        RefusalCase(
            label: "control character in a value", bytes: framed(head2017 + "CP=&&a34004-Rtd=1\u{7}&&"), reason: .badCP,
            field: "a34004-Rtd"),
        RefusalCase(
            label: "CP part of 951 bytes", bytes: framed(shortHead + longCP), reason: .cpOverLimit, field: "CP"),
        RefusalCase(
            label: "Flag D set without PNUM/PNO",
            bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=7;CP=&&&&"), reason: .splitMismatch,
            field: "Flag"),
        RefusalCase(
            label: "PNUM/PNO without the D bit",
            bytes: framed("QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=5;PNUM=2;PNO=1;CP=&&&&"),
            reason: .splitMismatch, field: "Flag"),
        RefusalCase(
            label: "Chinese outside //…//", bytes: framed(head2017 + "CP=&&i11001-Info=正常&&"), reason: .badEncoding,
            field: "i11001-Info"),
        RefusalCase(
            label: "invalid UTF-8 inside //…//", bytes: Self.invalidUTF8Frame, reason: .badEncoding,
            field: "i11001-Info"),
        RefusalCase(
            label: "frame cut short", bytes: Array(framed(head2017 + "CP=&&&&").dropLast(3)), reason: .incompleteFrame,
            field: nil),
        RefusalCase(
            label: "bytes after the frame", bytes: framed(head2017 + "CP=&&&&") + Array("junk".utf8),
            reason: .trailingBytes, field: nil),
    ]

    private static var invalidUTF8Frame: [UInt8] {
        let segment = Array((head2017 + "CP=&&i11001-Info=//").utf8) + [0xE6, 0xB8] + Array("//&&".utf8)
        var bytes = Array("##".utf8) + Array(String(format: "%04d", segment.count).utf8) + segment
        bytes += Array(HJ212TestSupport.hex(HJ212CRC.checksum(segment)).utf8) + [0x0D, 0x0A]
        return bytes
    }

    /// Each malformed input is refused with its specific reason.
    @Test("each malformed input is refused with its specific reason", arguments: cases)
    func refused(_ example: RefusalCase) {
        // Given malformed bytes
        // When decoded strictly as one frame
        let refusal = HJ212TestSupport.refusal(example.bytes)

        // Then the refusal names the expected reason, the field when there is one, and a human message
        #expect(refusal?.reason == example.reason)
        if let field = example.field { #expect(refusal?.field == field) }
        #expect(refusal?.message.isEmpty == false)
    }

    /// Every refusal reason has at least one test case.
    @Test("every refusal reason has at least one test case")
    func coverage() {
        // Given the refusal cases
        let covered = Set(Self.cases.map(\.reason))

        // When compared with every reason code
        let missing = HJ212RefusalReason.allCases.filter { !covered.contains($0) }

        // Then none is missing
        #expect(missing.isEmpty)
    }

    /// Reason codes are stable strings.
    @Test("reason codes are stable strings")
    func stableCodes() {
        // Given the reasons
        // When their raw values are listed
        let codes = HJ212RefusalReason.allCases.map(\.rawValue)

        // Then they are the documented snake_case codes
        #expect(
            codes == [
                "bad_header", "bad_length", "length_over_limit", "bad_crc", "bad_tail", "missing_field",
                "duplicate_field", "unknown_field", "bad_field", "bad_cp", "cp_over_limit", "split_mismatch",
                "bad_encoding", "incomplete_frame", "trailing_bytes",
            ])
    }

    /// A refused frame's raw bytes are kept for diagnostics.
    @Test("a refused frame's raw bytes are kept for diagnostics")
    func rawIsKept() {
        // Given a frame with a wrong CRC
        let bytes = HJ212TestSupport.frame(Self.head2017 + "CP=&&&&", crc: "0000")

        // When refused
        let refusal = HJ212TestSupport.refusal(bytes)

        // Then the refusal carries the frame bytes and a readable description
        #expect(refusal?.raw == bytes)
        #expect(refusal?.description.hasPrefix("bad_crc: ") == true)
    }
}
