import Foundation
import Testing

@testable import Domain

/// Tests for field quirks the reference says a strict receiver still accepts.
@Suite("HJ 212 field quirks accepted by default")
struct HJ212FieldQuirkTests {
    /// Keys out of order (MN before PW, QN after CN) are parsed by key.
    @Test("keys out of order are parsed by key")
    func keysOutOfOrder() throws {
        // Given a packet with MN before PW and QN after CN
        let segment =
            "ST=32;CN=2011;QN=20160801085857223;MN=010000A8900016F000169DC0;PW=123456;Flag=4;CP=&&w01018-Rtd=30&&"

        // When decoded strictly
        let message = try HJ212Message(wireBytes: HJ212TestSupport.frame(segment))

        // Then every field is found and no leniency is reported
        #expect(message.qn == "20160801085857223")
        #expect(message.pw == "123456")
        #expect(message.mn == "010000A8900016F000169DC0")
        #expect(message.leniencies.isEmpty)
    }

    /// Version bits are advisory: 2025 and unknown versions decode under the 2017 rules.
    @Test("version bits are advisory")
    func advisoryVersion() throws {
        // Given a 9014 with Flag=9 and an upload with version bits 50
        let answer = "QN=20210801085857223;ST=91;CN=9014;PW=123456;MN=A1;Flag=9;CP=&&&&"
        let odd = "QN=20210801085857223;ST=22;CN=2011;PW=123456;MN=A1;Flag=200;CP=&&a34004-Rtd=1&&"

        // When decoded strictly
        let first = try HJ212Message(wireBytes: HJ212TestSupport.frame(answer))
        let second = try HJ212Message(wireBytes: HJ212TestSupport.frame(odd))

        // Then both are accepted and their versions reported
        #expect(first.version == .hj2025)
        #expect(first.acknowledgementRequested)
        #expect(second.version == .unrecognised(bits: 50))
        #expect(second.leniencies.isEmpty)
    }

    /// PNUM/PNO placed inside CP are still found for reassembly.
    @Test("PNUM/PNO inside CP are found by splitPosition")
    func splitPositionFromCP() throws {
        // Given a 2005 data answer that carries PNO/PNUM in CP
        let segment = "ST=91;CN=9014;CP=&&QN=20040516010101001;CN=2051;PNO=1;PNUM=2&&"

        // When decoded strictly
        let message = try HJ212Message(wireBytes: HJ212TestSupport.frame(segment))

        // Then the position comes from CP and the header fields stay empty
        #expect(message.packetCount == nil)
        #expect(message.splitPosition?.number == 1)
        #expect(message.splitPosition?.count == 2)
        #expect(message.version == .hj2005)
        #expect(message.pw == nil)
    }

    /// A 24-character PW, a short MN and an ST outside the table pass without leniency.
    @Test("long PW, short MN and ST=80 need no leniency")
    func opaqueValues() throws {
        // Given the shapes seen in field samples
        let segment =
            "QN=20190925181031464;ST=80;CN=2061;PW=BF470F88957588DE902D1A52;MN=ZX00001;Flag=5;CP=&&DataTime=20190924220000;a34006-Avg=2.69700,a34006-Flag=N&&"

        // When decoded strictly
        let message = try HJ212Message(wireBytes: HJ212TestSupport.frame(segment))

        // Then it is accepted as sent, and the vendor code stays opaque
        #expect(message.pw == "BF470F88957588DE902D1A52")
        #expect(message.mn == "ZX00001")
        #expect(message.st == "80")
        #expect(HJ212SystemType.name(for: message.st) == nil)
        #expect(message.readings.first?.code == "a34006")
        #expect(HJ212FactorTable.standard.factor(for: "a34006") == nil)
        #expect(message.leniencies.isEmpty)
    }

    /// A 17-digit DataTime (with milliseconds) is read with its milliseconds.
    @Test("17-digit DataTime keeps milliseconds")
    func dataTimeWithMilliseconds() throws {
        // Given a DataTime with a millisecond part
        let segment = "QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=4;CP=&&DataTime=20240315103000250&&"

        // When decoded
        let message = try HJ212Message(wireBytes: HJ212TestSupport.frame(segment))

        // Then the instant includes the 250 ms
        #expect(message.dataTime() == Date(timeIntervalSince1970: 1_710_469_800.25))
    }
}
