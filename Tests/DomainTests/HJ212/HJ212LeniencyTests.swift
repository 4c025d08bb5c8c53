import Foundation
import Testing

@testable import Domain

/// Tests for HJ 212 leniency options.
@Suite("HJ 212 leniency options")
struct HJ212LeniencyTests {
    /// A real-world fault: refused strictly with `strictReason`, accepted and reported with `option`.
    struct LeniencyCase: Sendable, CustomTestStringConvertible {
        /// The option's stable name.
        let name: String
        /// The option that should let the fault through.
        let option: HJ212Options
        /// Bytes carrying the fault.
        let stream: [UInt8]
        /// The reason a strict decoder gives.
        let strictReason: HJ212RefusalReason
        /// How the case is shown in test output.
        var testDescription: String { name }
    }

    private static let good =
        "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
    private static let follower = HJ212TestSupport.frame(good)
    private static let oversizeSegment =
        "QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=4;CP=&&x=" + String(repeating: "1", count: 1100) + "&&"

    /// One fault per leniency option.
    static let cases: [LeniencyCase] = [
        LeniencyCase(
            name: "modbus_crc", option: .modbusCRC,
            stream: HJ212TestSupport.frame(good, crc: HJ212TestSupport.hex(HJ212TestSupport.referenceModbus(good))),
            strictReason: .badCRC),
        LeniencyCase(
            name: "missing_tail", option: .missingTail, stream: HJ212TestSupport.frame(good, tail: "") + follower,
            strictReason: .badTail),
        LeniencyCase(
            name: "lf_only_tail", option: .lfOnlyTail, stream: HJ212TestSupport.frame(good, tail: "\n"),
            strictReason: .badTail),
        LeniencyCase(
            name: "oversize", option: .oversize, stream: HJ212TestSupport.frame(oversizeSegment),
            strictReason: .lengthOverLimit),
        LeniencyCase(
            name: "length_mismatch", option: .lengthMismatch, stream: HJ212TestSupport.frame(good, length: 100),
            strictReason: .badCRC),
        LeniencyCase(
            name: "key_case", option: .keyCase,
            stream: HJ212TestSupport.frame(good.replacingOccurrences(of: "Flag=5", with: "FLAG=5")),
            strictReason: .unknownField),
        LeniencyCase(
            name: "stray_whitespace", option: .strayWhitespace,
            stream: HJ212TestSupport.frame(good.replacingOccurrences(of: ";ST=32;", with: "; ST = 32 ;")),
            strictReason: .unknownField),
        LeniencyCase(
            name: "stray_comma", option: .strayComma,
            stream: HJ212TestSupport.frame(good.replacingOccurrences(of: ";MN=", with: ",MN=")), strictReason: .badField
        ),
        LeniencyCase(
            name: "nonstandard_qn", option: .nonStandardQN,
            stream: HJ212TestSupport.frame(
                good.replacingOccurrences(of: "QN=20160801085857223", with: "QN=20160801085857")),
            strictReason: .badField),
        LeniencyCase(
            name: "nonstandard_st", option: .nonStandardST,
            stream: HJ212TestSupport.frame(good.replacingOccurrences(of: "ST=32", with: "ST=101")),
            strictReason: .badField),
        LeniencyCase(
            name: "split_mismatch", option: .splitMismatch,
            stream: HJ212TestSupport.frame(good.replacingOccurrences(of: "Flag=5", with: "Flag=7")),
            strictReason: .splitMismatch),
        LeniencyCase(
            name: "unknown_header_field", option: .unknownHeaderField,
            stream: HJ212TestSupport.frame(good.replacingOccurrences(of: "Flag=5;", with: "Flag=5;SK=abc;")),
            strictReason: .unknownField),
    ]

    /// Strict: the fault is refused with its reason.
    @Test("strict: the fault is refused with its reason", arguments: cases)
    func strictRefuses(_ example: LeniencyCase) {
        // Given a stream carrying the fault
        // When decoded with no leniency
        let results = HJ212TestSupport.decodeAll([example.stream])

        // Then the first result is a refusal with the expected reason
        #expect(results.first?.failure?.reason == example.strictReason)
    }

    /// Lenient: the fault is accepted and the option that allowed it is reported.
    @Test("lenient: the fault is accepted and the option that allowed it is reported", arguments: cases)
    func lenientAccepts(_ example: LeniencyCase) throws {
        // Given the same stream
        // When decoded with only this option on
        let results = HJ212TestSupport.decodeAll([example.stream], options: example.option)

        // Then the first result is a message whose leniencies are exactly this option
        let message = try #require(results.first?.value)
        #expect(message.leniencies == example.option)
        #expect(message.leniencies.names == [example.name])
        #expect(results.allSatisfy { $0.failure == nil })
    }

    /// Every option has a case, and names round-trip.
    @Test("every option has a case, and names round-trip")
    func coverage() {
        // Given the named options
        let tested = Set(Self.cases.map(\.name))

        // When compared with the declared list
        let declared = HJ212Options.allNamed.map(\.name)

        // Then each is tested, and names convert both ways
        #expect(Set(declared) == tested)
        #expect(HJ212Options(names: declared) == .all)
        #expect(HJ212Options(names: ["no_such_option"]) == nil)
        #expect(HJ212Options.all.names == declared)
    }

    /// Leniencies report what they fixed: header values after lenient parsing.
    @Test("leniencies report what they fixed: header values after lenient parsing")
    func lenientValues() throws {
        // Given faults that change how values must be read
        let spaced = HJ212TestSupport.frame(Self.good.replacingOccurrences(of: ";ST=32;", with: "; ST = 32 ;"))
        let comma = HJ212TestSupport.frame(Self.good.replacingOccurrences(of: ";MN=", with: ",MN="))
        let extra = HJ212TestSupport.frame(Self.good.replacingOccurrences(of: "Flag=5;", with: "Flag=5;SK=abc;"))
        let upper = HJ212TestSupport.frame(Self.good.replacingOccurrences(of: "Flag=5", with: "FLAG=5"))

        // When decoded with all options on
        let spacedMessage = try HJ212Message(wireBytes: spaced, options: .all)
        let commaMessage = try HJ212Message(wireBytes: comma, options: .all)
        let extraMessage = try HJ212Message(wireBytes: extra, options: .all)
        let upperMessage = try HJ212Message(wireBytes: upper, options: .all)

        // Then the values are the clean ones and only the needed leniency is reported
        #expect(spacedMessage.st == "32")
        #expect(commaMessage.pw == "100000")
        #expect(commaMessage.mn == "010000A8900016F000169DC0")
        #expect(extraMessage.extraHeaderFields == [HJ212CPField(name: "SK", value: "abc")])
        #expect(upperMessage.flag?.rawValue == 5)
        #expect(upperMessage.leniencies == .keyCase)
    }

    /// An empty header item is accepted under stray_comma.
    @Test("an empty header item is accepted under stray_comma")
    func emptyItemUnderStrayComma() throws {
        // Given `;,ST=` from the field
        let bytes = HJ212TestSupport.frame(Self.good.replacingOccurrences(of: ";ST=", with: ";,ST="))

        // When decoded strictly and leniently
        let strict = HJ212TestSupport.refusal(bytes)
        let lenient = try HJ212Message(wireBytes: bytes, options: .strayComma)

        // Then strict refuses and lenient reports stray_comma
        #expect(strict?.reason == .badField)
        #expect(lenient.leniencies == .strayComma)
        #expect(lenient.st == "32")
    }

    /// A CP over 950 bytes is accepted under oversize.
    @Test("a CP over 950 bytes is accepted under oversize")
    func oversizeCP() throws {
        // Given a 951-byte CP part in a short 2017 packet
        let segment =
            "QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=4;CP=&&x=" + String(repeating: "1", count: 942)
            + "&&"
        let bytes = HJ212TestSupport.frame(segment)

        // When decoded leniently
        let message = try HJ212Message(wireBytes: bytes, options: .oversize)

        // Then it is accepted and reported
        #expect(message.leniencies == .oversize)
        #expect(HJ212TestSupport.refusal(bytes)?.reason == .cpOverLimit)
    }

    /// The 2005 CP limit is 960, not 950.
    @Test("the 2005 CP limit is 960, not 950")
    func legacyCPLimit() throws {
        // Given a 955-byte CP part in a 2005 packet (no Flag)
        let segment = "ST=32;CN=2011;PW=123456;MN=88888880000001;CP=&&x=" + String(repeating: "1", count: 946) + "&&"

        // When decoded strictly
        let message = try HJ212Message(wireBytes: HJ212TestSupport.frame(segment))

        // Then it is accepted without leniency
        #expect(message.version == .hj2005)
        #expect(message.leniencies.isEmpty)
    }

    /// A missing tail at the end of the buffer is accepted at once, and a late CR LF is absorbed.
    @Test("a missing tail at the end of the buffer is accepted at once, and a late CR LF is absorbed")
    func lateTail() {
        // Given a frame without tail, then its CR LF arriving in the next chunk, then another frame
        var decoder = HJ212FrameDecoder(options: .missingTail)
        let first = decoder.feed(HJ212TestSupport.frame(Self.good, tail: ""))

        // When the rest arrives
        let rest = decoder.feed(Array("\r\n".utf8) + Self.follower)

        // Then the first frame came out immediately and the late tail is not reported as garbage
        #expect(first.first?.value?.leniencies == .missingTail)
        #expect(rest.count == 1)
        #expect(rest.first?.value?.leniencies.isEmpty == true)
    }

    /// A declared length that is too long is recovered by the frame ending when length_mismatch is on.
    @Test("a declared length that is too long is recovered by the frame ending when length_mismatch is on")
    func lengthTooLongRecovered() {
        // Given a frame declaring 150 bytes for a 101-byte segment, at the end of the stream
        let bytes = HJ212TestSupport.frame(Self.good, length: 150)

        // When decoded strictly and leniently
        var strict = HJ212FrameDecoder()
        let strictResults = strict.feed(bytes)
        let lenientResults = HJ212TestSupport.decodeAll([bytes], options: .lengthMismatch)

        // Then strict keeps waiting for bytes, lenient accepts at the real ending
        #expect(strictResults.isEmpty)
        #expect(strict.bufferedByteCount == bytes.count)
        #expect(lenientResults.first?.value?.leniencies == .lengthMismatch)
    }

    /// Lower-case hex CRC is accepted without any leniency.
    @Test("lower-case hex CRC is accepted without any leniency")
    func lowerCaseHex() throws {
        // Given a frame whose CRC is written in lower case
        let bytes = HJ212TestSupport.frame(Self.good, crc: "1c80")

        // When decoded strictly
        let message = try HJ212Message(wireBytes: bytes)

        // Then it is accepted (the reference says receivers read hex case-insensitively)
        #expect(message.crc == 0x1C80)
        #expect(message.leniencies.isEmpty)
    }
}
