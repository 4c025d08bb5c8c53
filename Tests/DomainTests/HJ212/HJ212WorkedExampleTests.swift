import Foundation
import Testing

@testable import Domain

/// Tests for HJ 212 worked examples from the reference.
@Suite("HJ 212 worked examples from the reference")
struct HJ212WorkedExampleTests {
    private func decode(_ segment: String, crc: String) throws -> HJ212Message {
        // The stated CRC is written literally, so the test checks the decoder against the reference's value.
        try HJ212Message(wireBytes: HJ212TestSupport.frame(segment, crc: crc))
    }

    /// 2017 appendix A set-interval request: 1C80.
    @Test("2017 appendix A set-interval request: 1C80")
    func appendixA() throws {
        // Given the appendix A packet framed with its stated CRC
        let segment =
            "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"

        // When decoded strictly
        let message = try decode(segment, crc: "1C80")

        // Then every header field and the CP value are as stated
        #expect(message.dataSegment.count == 101)
        #expect(message.crc == 0x1C80)
        #expect(message.qn == "20160801085857223")
        #expect(message.st == "32")
        #expect(message.cn == "1062")
        #expect(message.command == 1062)
        #expect(message.pw == "100000")
        #expect(message.mn == "010000A8900016F000169DC0")
        #expect(message.flag?.rawValue == 5)
        #expect(message.version == .hj2017)
        #expect(message.acknowledgementRequested)
        #expect(!message.isSplit)
        #expect(message.dataArea.value(of: "RtdInterval") == "30")
        #expect(message.dataArea.decimal(of: "RtdInterval") == Decimal(30))
        #expect(message.leniencies.isEmpty)
        #expect(message.crcAlgorithm == .standard)
    }

    /// 2005 real-time upload without QN or Flag: 4980, legacy codes mapped.
    @Test("2005 real-time upload without QN or Flag: 4980, legacy codes mapped")
    func legacyUpload() throws {
        // Given the 2005-style upload (no QN, no Flag, 17-digit DataTime, legacy factor codes)
        let segment =
            "ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817000;B01-Rtd=36.91;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&"

        // When decoded strictly
        let message = try decode(segment, crc: "4980")

        // Then it is recognised as 2005 and its values and codes read correctly
        #expect(message.dataSegment.count == 139)
        #expect(message.qn == nil)
        #expect(message.flag == nil)
        #expect(message.version == .hj2005)
        #expect(message.st == "32")
        #expect(message.command == 2011)
        #expect(message.pw == "123456")
        #expect(message.mn == "LD130133000015")
        #expect(!message.acknowledgementRequested)
        let readings = message.readings
        #expect(readings.map(\.code) == ["B01", "011", "060"])
        #expect(readings.map(\.standardCode) == ["w00000", "w01018", "w21003"])
        #expect(readings[0].realTime == Decimal(string: "36.91"))
        #expect(readings[1].value("Rtd") == "231.0")
        #expect(readings[1].flag == .normal)
        #expect(readings[2].decimal("Rtd") == Decimal(sign: .plus, exponent: -3, significand: 1803))
        let expectedTime = Date(timeIntervalSince1970: 1_471_970_297)
        #expect(message.dataTime() == expectedTime)
        #expect(message.dataArea.items.count == 4)
    }

    /// 2005 history request with Flag=3: 6B80, and the swapped order: EF41.
    @Test("2005 history request with Flag=3: 6B80, and the swapped order: EF41")
    func legacyHistoryRequest() throws {
        // Given the 2005 appendix C request in both field orders
        let forward =
            "QN=20040516010101001;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=3;CP=&&BeginTime=20040506111000,EndTime=20040506151000&&"
        let swapped =
            "QN=20040516010101001;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=3;CP=&&EndTime=20040506151000,BeginTime=20040506111000&&"

        // When decoded strictly
        let first = try decode(forward, crc: "6B80")
        let second = try decode(swapped, crc: "EF41")

        // Then both carry the same window in one item, and Flag=3 is read as 2005 with A and D set
        for message in [first, second] {
            #expect(message.dataSegment.count == 124)
            #expect(message.qn == "20040516010101001")
            #expect(message.mn == "88888880000001")
            #expect(message.version == .hj2005)
            #expect(message.flag?.acknowledgementRequested == true)
            #expect(message.flag?.split == true)
            #expect(!message.isSplit)
            #expect(message.leniencies.isEmpty)
            #expect(message.dataArea.items.count == 1)
            #expect(message.dataArea.value(of: "BeginTime") == "20040506111000")
            #expect(message.dataArea.value(of: "EndTime") == "20040506151000")
        }
        #expect(first.crc == 0x6B80)
        #expect(second.crc == 0xEF41)
    }

    /// 2017 table C.14 data answer: ##0087…&&3240.
    @Test("2017 table C.14 data answer: ##0087…&&3240")
    func dataAnswerExample() throws {
        // Given the upload the C.14 data answer acknowledges
        let upload = try HJ212Message(
            dataSegment: Array(
                "QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20160801085857;w01018-Rtd=1.0,w01018-Flag=N&&"
                    .utf8))

        // When the platform builds its data answer
        let answer = try HJ212Reply.dataAnswer(to: upload)

        // Then the wire bytes are exactly the stated frame, which also decodes back
        let expected =
            "##0087QN=20160801085857223;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&3240\r\n"
        #expect(answer.wireBytes() == Array(expected.utf8))
        let decoded = try HJ212Message(wireBytes: Array(expected.utf8))
        #expect(decoded.command == 9014)
        #expect(decoded.flag?.rawValue == 4)
        #expect(decoded.dataArea.isEmpty)
        #expect(decoded.crc == 0x3240)
    }

    /// 2017 split example (C.49/C.50): two parts with PNUM/PNO and their own QNs.
    @Test("2017 split example (C.49/C.50): two parts with PNUM/PNO and their own QNs")
    func splitExample() throws {
        // Given the two parts of a split upload, shaped like the reference's example
        let first =
            "QN=20160801085857534;ST=32;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=7;PNUM=2;PNO=1;CP=&&DataTime=20160801080000;w00000-Cou=12.5,w00000-Flag=N;w01001-Avg=7.1,w01001-Flag=N&&"
        let second =
            "QN=20160801085857535;ST=32;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=7;PNUM=2;PNO=2;CP=&&DataTime=20160801080000;w01018-Avg=30.2,w01018-Flag=N&&"

        // When both are fed as one chunk
        let results = HJ212TestSupport.decodeAll([HJ212TestSupport.frame(first) + HJ212TestSupport.frame(second)])

        // Then both decode as split parts, each repeating DataTime
        let messages = results.compactMap(\.value)
        #expect(messages.count == 2)
        #expect(messages.map(\.packetNumber) == [1, 2])
        #expect(messages.allSatisfy { $0.packetCount == 2 && $0.isSplit && $0.acknowledgementRequested })
        #expect(messages.allSatisfy { $0.dataArea.value(of: "DataTime") == "20160801080000" })
        #expect(messages.map(\.qn) == ["20160801085857534", "20160801085857535"])
    }
}
