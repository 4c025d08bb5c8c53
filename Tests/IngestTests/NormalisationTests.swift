import Domain
import Foundation
import Testing

@testable import Ingest

@Suite("Normalisation of HJ 212 uploads and CSV text")
struct NormalisationTests {
    static func station(st: String = "22", timeZone: String = "Asia/Shanghai") -> Station {
        Station(
            mn: "M1", password: "p", name: "n", kind: .air, st: st, longitude: nil, latitude: nil, county: nil,
            department: "bureau", timeZone: timeZone, enabled: true, lenientOptions: "", createdAt: Date(),
            updatedAt: Date())
    }

    static func message(_ segment: String) throws -> HJ212Message {
        try HJ212Message(dataSegment: Array(segment.utf8))
    }

    @Test("DataTime is local time of the station's zone and stored in UTC")
    func timeZones() throws {
        // Given the same upload from a Shanghai station and a UTC one
        let upload = try Self.message(
            "QN=20240315103000123;ST=22;CN=2061;PW=p;MN=M1;Flag=5;CP=&&DataTime=20240315100000;a34004-Avg=40&&")
        // When normalised
        let shanghai = try HJ212Normaliser.readings(from: upload, station: Self.station())
        let utc = try HJ212Normaliser.readings(from: upload, station: Self.station(timeZone: "UTC"))
        // Then the period starts differ by eight hours and the kind is hour
        #expect(shanghai.first?.periodStart == Date(timeIntervalSince1970: 1_710_468_000))
        #expect(utc.first?.periodStart == Date(timeIntervalSince1970: 1_710_496_800))
        #expect(shanghai.first?.periodKind == .hour)
    }

    @Test("values stay exact text; flags, extended flags and text fields are not values; negatives kept")
    func valuesAndFlags() throws {
        let upload = try Self.message(
            "QN=20240315103000123;ST=22;CN=2011;PW=p;MN=M1;Flag=5;CP=&&DataTime=20240315103000;a01001-Rtd=-0.052,a01001-Flag=N,a01001-EFlag=A01;a34004-Rtd=35.20,a34004-Flag=D;i12001-Info=//运行//&&"
        )
        let readings = try HJ212Normaliser.readings(from: upload, station: Self.station())
        #expect(readings.map(\.factor) == ["a01001", "a34004"])
        #expect(readings.map(\.value) == ["-0.052", "35.20"])
        #expect(readings.map(\.flag) == ["N", "D"])
        #expect(readings.map(\.statistic) == ["Rtd", "Rtd"])
    }

    @Test("units come from the factor table for the station's system; Cou takes the amount unit")
    func units() throws {
        let flueGas = try Self.message(
            "QN=20240315103000123;ST=31;CN=2061;PW=p;MN=M1;Flag=5;CP=&&DataTime=20240315100000;a21026-Avg=28,a21026-Cou=3.1;w01018-Avg=12&&"
        )
        let readings = try HJ212Normaliser.readings(from: flueGas, station: Self.station(st: "31"))
        // SO2's µg/m³ is stated for ambient air (ST 22) only, so a flue-gas value gets no assumed unit
        #expect(readings.first { $0.factor == "a21026" && $0.statistic == "Avg" }?.unit == nil)
        #expect(readings.first { $0.factor == "w01018" }?.unit == "mg/L")
        let cou = HJ212Normaliser.unit(
            of: HJ212FactorTable.standard.factor(for: "w01018"), statistic: "Cou", st: "32")
        #expect(cou == HJ212FactorTable.standard.factor(for: "w01018")?.amountUnit)
    }

    @Test("2005 legacy codes are stored under their 2017 codes")
    func legacyCodes() throws {
        let upload = try Self.message(
            "ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817000;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&"
        )
        let readings = try HJ212Normaliser.readings(from: upload, station: Self.station(st: "32"))
        #expect(readings.map(\.factor) == ["w01018", "w21003"])
    }

    @Test("an upload without DataTime is refused with missing_data_time; a command without data yields nothing")
    func missingDataTime() throws {
        let upload = try Self.message("QN=20240315103000123;ST=22;CN=2011;PW=p;MN=M1;Flag=5;CP=&&a34004-Rtd=1&&")
        #expect(throws: IngestRefusal.self) { try HJ212Normaliser.readings(from: upload, station: Self.station()) }
        let notice = try Self.message("QN=20240315103000123;ST=22;CN=1013;PW=p;MN=M1;Flag=4;CP=&&&&")
        #expect(try HJ212Normaliser.readings(from: notice, station: Self.station()).isEmpty)
    }

    @Test("CSV records: quotes, escaped quotes, commas inside quotes, CR LF, blank lines, line numbers")
    func csvRecords() {
        let text = "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",3\r\n\r\nlast,,\n"
        let records = CSVTable.records(text)
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[1].fields == ["x,1", "say \"hi\"", "3"])
        #expect(records[2].fields == ["last", "", ""])
    }
}
