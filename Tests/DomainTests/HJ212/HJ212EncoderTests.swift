import Foundation
import Testing

@testable import Domain

/// Tests for HJ 212 encoding and replies.
@Suite("HJ 212 encoding and replies")
struct HJ212EncoderTests {
    private func upload2017(flag: UInt8 = 5, qn: String = "20240315103000123") throws -> HJ212Message {
        let area = try HJ212DataArea(items: [
            [HJ212CPField(name: "DataTime", value: "20240315103000")],
            [.number(name: "a34004-Rtd", Decimal(string: "35.2") ?? 0), HJ212CPField(name: "a34004-Flag", value: "N")],
            [.number(name: "a01013-Rtd", Decimal(string: "-0.052") ?? 0)],
            [.text(name: "i11001-Info", content: "清洗管路;完成")],
        ])
        return try HJ212Message(
            qn: qn, st: "22", cn: "2011", pw: "123456", mn: "010000A8900016F000169DC0", flag: HJ212Flag(rawValue: flag),
            dataArea: area)
    }

    /// Encode then decode gives back the same packet.
    @Test("encode then decode gives back the same packet")
    func roundTrip() throws {
        // Given a built 2017 upload with numbers, a negative value and Chinese text
        let built = try upload2017()

        // When encoded to wire bytes and decoded strictly
        let wire = HJ212Encoder.encode(built)
        let decoded = try HJ212Message(wireBytes: wire)

        // Then the decoded packet equals the built one, field for field
        #expect(decoded == built)
        #expect(decoded.qn == "20240315103000123")
        #expect(decoded.dataArea.field(named: "i11001-Info")?.textContent == "清洗管路;完成")
        #expect(decoded.dataArea.decimal(of: "a01013-Rtd") == Decimal(sign: .minus, exponent: -3, significand: 52))
        #expect(Array(wire.suffix(2)) == [0x0D, 0x0A])
        #expect(String(decoding: wire[2..<6], as: UTF8.self) == String(format: "%04d", built.dataSegment.count))
    }

    /// The header is written in the standard order for each dialect.
    @Test("the header is written in the standard order for each dialect")
    func headerOrder() throws {
        // Given split packets in the 2017 and 2005 dialects
        let area = try HJ212DataArea(fields: [HJ212CPField(name: "DataTime", value: "20240315103000")])
        let modern = try HJ212Message(
            qn: "20240315103000123", st: "32", cn: "2051", pw: "123456", mn: "A1",
            flag: HJ212Flag(version: .hj2017, acknowledgementRequested: true, split: true), packetCount: 2,
            packetNumber: 1, dataArea: area)
        let legacy = try HJ212Message(
            qn: "20040516010101001", st: "32", cn: "2051", pw: "123456", mn: "88888880000001",
            flag: HJ212Flag(rawValue: 2), packetCount: 2, packetNumber: 1, dataArea: area)

        // When their segments are read
        // Then 2017 puts PNUM/PNO after Flag and 2005 puts them after QN
        #expect(
            modern.text
                == "QN=20240315103000123;ST=32;CN=2051;PW=123456;MN=A1;Flag=7;PNUM=2;PNO=1;CP=&&DataTime=20240315103000&&"
        )
        #expect(
            legacy.text
                == "QN=20040516010101001;PNUM=2;PNO=1;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=2;CP=&&DataTime=20240315103000&&"
        )
    }

    /// Building validates like decoding: a bad value is refused.
    @Test("building validates like decoding: a bad value is refused")
    func buildingRefuses() {
        // Given invalid header values
        // When built strictly
        // Then each is refused with bad_field
        #expect(throws: HJ212Refusal.self) {
            try HJ212Message(qn: "123", st: "22", cn: "2011", pw: "1", mn: "A", flag: HJ212Flag(rawValue: 4))
        }
        #expect(throws: HJ212Refusal.self) {
            try HJ212Message(
                qn: "20240315103000123", st: "22", cn: "2011;x", pw: "1", mn: "A", flag: HJ212Flag(rawValue: 4))
        }
        #expect(throws: HJ212Refusal.self) {
            try HJ212Encoder.frame(dataSegment: [UInt8](repeating: 0x41, count: 10_000))
        }
    }

    /// 9011 request answer echoes QN, PW and MN with Flag=4 and QnRtn.
    @Test("9011 request answer echoes QN, PW and MN with Flag=4 and QnRtn")
    func requestAnswer2017() throws {
        // Given a 2017 platform request
        let request = try HJ212Message(
            wireBytes: HJ212TestSupport.frame(
                "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&")
        )

        // When the device answers and reports the execution result
        let answer = try HJ212Reply.requestAnswer(to: request, result: .readyToExecute)
        let result = try HJ212Reply.executionResult(to: request, result: .success)

        // Then both have the standard 2017 form and decode back with their codes
        #expect(
            answer.text
                == "QN=20160801085857223;ST=91;CN=9011;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&")
        #expect(
            result.text
                == "QN=20160801085857223;ST=91;CN=9012;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&ExeRtn=1&&")
        #expect(try HJ212Message(wireBytes: answer.wireBytes()).requestResult == .readyToExecute)
        #expect(try HJ212Message(wireBytes: result.wireBytes()).executionResult == .success)
    }

    /// 9013 notice answer has an empty CP and the notice's QN.
    @Test("9013 notice answer has an empty CP and the notice's QN")
    func noticeAnswer2017() throws {
        // Given a 2012 stop notice
        let notice = try HJ212Message(
            wireBytes: HJ212TestSupport.frame(
                "QN=20160801085857223;ST=32;CN=2012;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&&&"))

        // When answered
        let answer = try HJ212Reply.noticeAnswer(to: notice)

        // Then it is the standard form
        #expect(
            answer.text == "QN=20160801085857223;ST=91;CN=9013;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&")
        #expect(answer.command == HJ212CommandCode.noticeAnswer)
    }

    /// 9014 is produced only when the upload asks for it.
    @Test("9014 is produced only when the upload asks for it")
    func dataAnswerOnlyWhenRequested() throws {
        // Given uploads with A=1 and A=0
        let wanted = try upload2017(flag: 5)
        let unwanted = try upload2017(flag: 4)

        // When the platform decides whether to answer
        let bytes = try HJ212Reply.dataAnswerBytesIfRequested(for: wanted)
        let none = try HJ212Reply.dataAnswerBytesIfRequested(for: unwanted)

        // Then only the A=1 upload gets a 9014 echoing its QN
        let decoded = try HJ212Message(wireBytes: try #require(bytes))
        #expect(decoded.qn == wanted.qn)
        #expect(decoded.command == 9014)
        #expect(none == nil)
    }

    /// 2005 replies carry the request QN inside CP.
    @Test("2005 replies carry the request QN inside CP")
    func legacyReplies() throws {
        // Given the 2005 history request and a 2005 split upload
        let request = try HJ212Message(
            wireBytes: HJ212TestSupport.frame(
                "QN=20040516010101001;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=3;CP=&&BeginTime=20040506111000,EndTime=20040506151000&&",
                crc: "6B80"))
        let upload = try HJ212Message(
            wireBytes: HJ212TestSupport.frame(
                "QN=20040516010101001;PNUM=2;PNO=1;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=3;CP=&&DataTime=20040506111000;011-Avg=30&&"
            ))

        // When replies are built
        let answer = try HJ212Reply.requestAnswer(to: request, result: .readyToExecute)
        let dataAnswer = try HJ212Reply.dataAnswer(to: upload)

        // Then they follow the 2005 forms and decode strictly
        #expect(answer.text == "ST=91;CN=9011;PW=123456;MN=88888880000001;Flag=0;CP=&&QN=20040516010101001;QnRtn=1&&")
        #expect(dataAnswer.text == "ST=91;CN=9014;CP=&&QN=20040516010101001;CN=2051;PNO=1;PNUM=2&&")
        #expect(try HJ212Message(wireBytes: dataAnswer.wireBytes()).version == .hj2005)
        #expect(upload.readings.first?.standardCode == "w01018")
    }

    /// 2025 replies keep the 2025 version bits.
    @Test("2025 replies keep the 2025 version bits")
    func replies2025() throws {
        // Given a 2025 upload (Flag=9)
        let upload = try HJ212Message(
            wireBytes: HJ212TestSupport.frame(
                "QN=20260301000000000;ST=22;CN=2011;PW=123456;MN=A1;Flag=9;CP=&&a34004-Rtd=1&&"))

        // When answered
        let answer = try HJ212Reply.dataAnswer(to: upload)

        // Then Flag is 8 (2025, no ack, no split)
        #expect(upload.version == .hj2025)
        #expect(answer.flag?.rawValue == 8)
    }

    /// Fault-injection styles produce the faults the decoder options describe.
    @Test("fault-injection styles produce the faults the decoder options describe")
    func faultStyles() throws {
        // Given a packet
        let message = try upload2017()

        // When framed with each non-standard style
        let modbus = message.wireBytes(style: HJ212FrameStyle(crcAlgorithm: .modbus))
        let lower = message.wireBytes(style: HJ212FrameStyle(uppercaseHex: false))
        let lf = message.wireBytes(style: HJ212FrameStyle(tail: .lfOnly))
        let bare = message.wireBytes(style: HJ212FrameStyle(tail: .none))
        let lying = message.wireBytes(style: HJ212FrameStyle(declaredLengthOverride: message.dataSegment.count - 1))

        // Then each decodes under exactly the matching option
        #expect(try HJ212Message(wireBytes: modbus, options: .modbusCRC).leniencies == .modbusCRC)
        #expect(try HJ212Message(wireBytes: lower).leniencies.isEmpty)
        #expect(try HJ212Message(wireBytes: lf, options: .lfOnlyTail).leniencies == .lfOnlyTail)
        #expect(try HJ212Message(wireBytes: bare, options: .missingTail).leniencies == .missingTail)
        #expect(try HJ212Message(wireBytes: lying, options: .lengthMismatch).leniencies == .lengthMismatch)
        #expect(HJ212TestSupport.refusal(modbus)?.reason == .badCRC)
    }

    /// Flag parts build and read back.
    @Test("Flag parts build and read back")
    func flagBits() {
        // Given each combination of version, A and D
        for version in [HJ212Version.hj2005, .hj2017, .hj2025] {
            for ack in [false, true] {
                for split in [false, true] {
                    // When built
                    let flag = HJ212Flag(version: version, acknowledgementRequested: ack, split: split)

                    // Then the bits read back
                    #expect(flag.version == version)
                    #expect(flag.acknowledgementRequested == ack)
                    #expect(flag.split == split)
                }
            }
        }
        #expect(HJ212Flag(version: .hj2017, acknowledgementRequested: true, split: false).rawValue == 5)
        #expect(HJ212Flag(rawValue: 200).version == .unrecognised(bits: 50))
    }
}
