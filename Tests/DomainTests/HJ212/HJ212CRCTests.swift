import Foundation
import Testing

@testable import Domain

/// Tests for HJ 212 CRC.
@Suite("HJ 212 CRC")
struct HJ212CRCTests {
    /// One row of the reference's worked CRC table.
    struct WorkedCRC: Sendable, CustomTestStringConvertible {
        /// The CRC input.
        let segment: String
        /// Its byte count as the table states it.
        let length: Int
        /// The HJ 212 check value as the table states it.
        let standard: String
        /// The plain MODBUS value as the table states it.
        let modbus: String
        /// How the case is shown in test output.
        var testDescription: String { "\(standard) over \(length) bytes" }
    }

    /// The reference's worked CRC table, row by row.
    static let workedExamples: [WorkedCRC] = [
        WorkedCRC(
            segment:
                "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&",
            length: 101, standard: "1C80", modbus: "0759"),
        WorkedCRC(
            segment:
                "ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817000;B01-Rtd=36.91;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&",
            length: 139, standard: "4980", modbus: "264D"),
        WorkedCRC(
            segment:
                "QN=20040516010101001;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=3;CP=&&BeginTime=20040506111000,EndTime=20040506151000&&",
            length: 124, standard: "6B80", modbus: "AC73"),
        WorkedCRC(
            segment:
                "QN=20040516010101001;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=3;CP=&&EndTime=20040506151000,BeginTime=20040506111000&&",
            length: 124, standard: "EF41", modbus: "F1F9"),
        WorkedCRC(
            segment: "QN=20160801085857223;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&",
            length: 87, standard: "3240", modbus: "44BC"),
        WorkedCRC(segment: "123456789", length: 9, standard: "2F80", modbus: "4B37"),
        WorkedCRC(segment: "", length: 0, standard: "FFFF", modbus: "FFFF"),
    ]

    /// Worked examples give the stated HJ 212 and MODBUS values.
    @Test("worked examples give the stated HJ 212 and MODBUS values", arguments: workedExamples)
    func workedExample(_ row: WorkedCRC) {
        // Given the data segment of a worked example
        let bytes = Array(row.segment.utf8)

        // When both check values are computed
        let standard = HJ212CRC.checksum(bytes)
        let modbus = HJ212CRC.checksum(bytes, algorithm: .modbus)

        // Then they match the reference table and the byte count matches its length column
        #expect(bytes.count == row.length)
        #expect(HJ212CRC.hexDigits(standard) == row.standard)
        #expect(HJ212CRC.hexDigits(modbus) == row.modbus)
    }

    /// Table form agrees with the bit-by-bit definition on varied inputs.
    @Test("table form agrees with the bit-by-bit definition on varied inputs")
    func tableMatchesDefinition() {
        // Given a deterministic spread of inputs, including non-ASCII bytes
        var generator = SplitMix(seed: 212)
        for _ in 0..<600 {
            let count = Int(generator.next() % 1300)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            let repaired = Array(text.utf8)

            // When computed by the table and by the reference transcription
            let table = HJ212CRC.checksum(repaired)
            let reference = HJ212TestSupport.referenceCRC(text)

            // Then they agree, and so do both MODBUS forms
            #expect(table == reference)
            #expect(HJ212CRC.checksum(repaired, algorithm: .modbus) == HJ212TestSupport.referenceModbus(text))
        }
    }

    /// The hex check value is read in either case and written in upper case.
    @Test("the hex check value is read in either case and written in upper case")
    func hexCase() {
        // Given lower-case, upper-case and malformed digits
        let lower = Array("1dc0".utf8)
        let upper = Array("1DC0".utf8)

        // When parsed
        // Then both cases give the same value, and junk or a wrong count gives nil
        #expect(HJ212CRC.parseHex(lower) == 0x1DC0)
        #expect(HJ212CRC.parseHex(upper) == 0x1DC0)
        #expect(HJ212CRC.parseHex(Array("1DCG".utf8)) == nil)
        #expect(HJ212CRC.parseHex(Array("1DC".utf8)) == nil)
        #expect(HJ212CRC.hexDigits(0x0abc) == "0ABC")
        #expect(HJ212CRC.hexBytes(0x71c0, uppercase: false) == Array("71c0".utf8))
    }
}
