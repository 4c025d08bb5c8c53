import Foundation
import Testing

@testable import Domain

/// Tests for HJ 212 CP data area.
@Suite("HJ 212 CP data area")
struct HJ212DataAreaTests {
    private func message(cp: String, st: String = "22", cn: String = "2011") throws -> HJ212Message {
        let segment = "QN=20240315103000123;ST=\(st);CN=\(cn);PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&\(cp)&&"
        return try HJ212Message(wireBytes: HJ212TestSupport.frame(segment))
    }

    /// ';' separates items and ',' separates fields of one item.
    @Test("';' separates items and ',' separates fields of one item")
    func separators() throws {
        // Given a CP with three items
        let decoded = try message(
            cp: "DataTime=20240315103000;a34004-Rtd=35.2,a34004-Flag=N;a21005-Rtd=1.1,a21005-Flag=D")

        // When read as fields and items
        let area = decoded.dataArea

        // Then names, values and grouping follow the separators
        #expect(area.count == 5)
        #expect(area.map(\.name) == ["DataTime", "a34004-Rtd", "a34004-Flag", "a21005-Rtd", "a21005-Flag"])
        #expect(area.map(\.item) == [0, 1, 1, 2, 2])
        #expect(
            area.items.map { $0.map(\.name) } == [
                ["DataTime"], ["a34004-Rtd", "a34004-Flag"], ["a21005-Rtd", "a21005-Flag"],
            ])
        #expect(area[1].code == "a34004")
        #expect(area[1].suffix == "Rtd")
        #expect(area[0].code == nil)
        #expect(area.text == "DataTime=20240315103000;a34004-Rtd=35.2,a34004-Flag=N;a21005-Rtd=1.1,a21005-Flag=D")
    }

    /// Negative values keep their sign and split names only on the first '-'.
    @Test("negative values keep their sign and split names only on the first '-'")
    func negativeNumbers() throws {
        // Given a negative value and a sentinel
        let decoded = try message(cp: "a01013-Rtd=-0.052,a01013-Flag=N;a01001-Rtd=-99.000000")

        // When read
        let reading = try #require(decoded.dataArea.reading(for: "a01013"))

        // Then the text is exact and the Decimal is exact
        #expect(reading.value("Rtd") == "-0.052")
        #expect(reading.realTime == Decimal(sign: .minus, exponent: -3, significand: 52))
        #expect(decoded.dataArea.value(of: "a01001-Rtd") == "-99.000000")
        #expect(decoded.dataArea.decimal(of: "a01001-Rtd") == Decimal(-99))
    }

    /// Decimal values are exact, never rounded through Double.
    @Test("Decimal values are exact, never rounded through Double")
    func decimalsAreExact() {
        // Given values that Double cannot represent exactly
        // When parsed
        // Then the Decimal equals the exact decimal fraction
        #expect(HJ212DecimalParser.decimal("0.1") == Decimal(sign: .plus, exponent: -1, significand: 1))
        #expect(
            HJ212DecimalParser.decimal("12345678901234.56")
                == Decimal(sign: .plus, exponent: -2, significand: Decimal(1_234_567_890_123_456)))
        #expect(HJ212DecimalParser.decimal("123456789012345678901234") == Decimal(string: "123456789012345678901234"))
        #expect(HJ212DecimalParser.decimal(" +7 ") == Decimal(7))
        #expect(HJ212DecimalParser.decimal("-0") == Decimal(0))
        #expect(HJ212DecimalParser.decimal(".5") == Decimal(sign: .plus, exponent: -1, significand: 5))
        #expect(HJ212DecimalParser.decimal("") == nil)
        #expect(HJ212DecimalParser.decimal("1e3") == nil)
        #expect(HJ212DecimalParser.decimal("1.2.3") == nil)
        #expect(HJ212DecimalParser.decimal("-") == nil)
        #expect(HJ212DecimalParser.decimal("N") == nil)
        #expect(HJ212DecimalParser.text(Decimal(sign: .minus, exponent: -3, significand: 52)) == "-0.052")
    }

    /// An empty data area CP=&&&& has no fields.
    @Test("an empty data area CP=&&&& has no fields")
    func emptyArea() throws {
        // Given a 9013 notice answer with an empty CP
        let decoded = try message(cp: "", st: "91", cn: "9013")

        // When read
        // Then there are no fields and no readings
        #expect(decoded.dataArea.isEmpty)
        #expect(decoded.dataArea.text == "")
        #expect(decoded.readings.isEmpty)
        #expect(decoded.dataArea.value(of: "DataTime") == nil)
    }

    /// A trailing ';' and spaces around names are tolerated.
    @Test("a trailing ';' and spaces around names are tolerated")
    func trailingSeparatorAndSpaces() throws {
        // Given the shapes seen in the standard's own examples
        let decoded = try message(cp: " PolId=a34004;a34001-Flag=N;")

        // When read
        // Then the names are trimmed and the empty last item is ignored
        #expect(decoded.dataArea.map(\.name) == ["PolId", "a34001-Flag"])
        #expect(decoded.dataArea.items.count == 2)
        #expect(decoded.leniencies.isEmpty)
    }

    /// //…// text keeps separators and Chinese, and the length counts UTF-8 bytes.
    @Test("//…// text keeps separators and Chinese, and the length counts UTF-8 bytes")
    func chineseText() throws {
        // Given an instrument log with Chinese text and separators inside the slashes
        let cp = "DataTime=20160801085000;i11001-Info=//清洗管路;完成,状态=1//;i12001-Info=1"
        let segment = "QN=20160801085857223;ST=32;CN=3020;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&\(cp)&&"
        let bytes = HJ212TestSupport.frame(segment)

        // When decoded
        let decoded = try HJ212Message(wireBytes: bytes)

        // Then the declared length is the byte count (not the character count), and the text is whole
        #expect(segment.utf8.count != segment.count)
        #expect(String(decoding: bytes[2..<6], as: UTF8.self) == String(format: "%04d", segment.utf8.count))
        let log = try #require(decoded.dataArea.field(named: "i11001-Info"))
        #expect(log.value == "//清洗管路;完成,状态=1//")
        #expect(log.isText)
        #expect(log.textContent == "清洗管路;完成,状态=1")
        #expect(decoded.dataArea.value(of: "i12001-Info") == "1")
        #expect(decoded.dataArea.count == 3)
    }

    /// A text value may contain '//' that is not followed by a separator.
    @Test("a text value may contain '//' that is not followed by a separator")
    func textWithInnerSlashes() throws {
        // Given a log holding a URL
        let decoded = try message(cp: "i21001-Info=//see http://example.test/a//,i21001-Flag=N")

        // When read
        // Then the text ends at the '//' that precedes a separator
        #expect(decoded.dataArea.field(named: "i21001-Info")?.textContent == "see http://example.test/a")
        #expect(decoded.dataArea.value(of: "i21001-Flag") == "N")
    }

    /// DataTime is local time in the given zone, returned as a UTC instant.
    @Test("DataTime is local time in the given zone, returned as a UTC instant")
    func dataTimeZones() throws {
        // Given a DataTime of 2024-03-15 10:30:00 local
        let decoded = try message(cp: "DataTime=20240315103000;a34004-Rtd=1")

        // When read in the default zone and in UTC
        let shanghai = decoded.dataTime()
        let utc = try decoded.dataTime(timeZone: #require(TimeZone(identifier: "UTC")))

        // Then the default is Asia/Shanghai (UTC+8) and the zone parameter is honoured
        #expect(shanghai == Date(timeIntervalSince1970: 1_710_469_800))
        #expect(utc == Date(timeIntervalSince1970: 1_710_498_600))
        #expect(decoded.qnDate() == Date(timeIntervalSince1970: 1_710_469_800.123))
    }

    /// Local times round-trip and impossible dates are refused.
    @Test("local times round-trip and impossible dates are refused")
    func localTimeText() throws {
        // Given an instant
        let instant = Date(timeIntervalSince1970: 1_710_469_800.123)

        // When written as QN and DataTime text
        let qn = HJ212LocalTime.text(from: instant, milliseconds: true)
        let dataTime = HJ212LocalTime.text(from: instant)

        // Then the text is Beijing time and reads back; malformed text gives nil
        #expect(qn == "20240315103000123")
        #expect(dataTime == "20240315103000")
        #expect(HJ212LocalTime.date(from: qn) == instant)
        #expect(HJ212LocalTime.date(from: "20230229000000") == nil)
        #expect(HJ212LocalTime.date(from: "20240229000000") != nil)
        #expect(HJ212LocalTime.date(from: "20241301000000") == nil)
        #expect(HJ212LocalTime.date(from: "2024031510300") == nil)
        #expect(HJ212LocalTime.date(from: "2024031510300A") == nil)
    }

    /// Readings group fields by code and expose data flags.
    @Test("readings group fields by code and expose data flags")
    func readings() throws {
        // Given several factors, a facility state and a non-factor field
        let decoded = try message(
            cp:
                "DataTime=20240315103000;a34004-Rtd=35.2,a34004-Flag=N;a21026-Rtd=58,a21026-Flag=T,a21026-EFlag=X1;SB1-RS=1"
        )

        // When grouped
        let readings = decoded.readings

        // Then each code gets its fields, in order of appearance
        #expect(readings.map(\.code) == ["a34004", "a21026", "SB1"])
        #expect(readings[1].flag == .overRange)
        #expect(readings[1].value("EFlag") == "X1")
        #expect(readings[2].value("RS") == "1")
        #expect(readings[0].standardCode == "a34004")
    }

    /// Building a data area validates names and values.
    @Test("building a data area validates names and values")
    func buildingValidates() throws {
        // Given valid and invalid fields
        let good = try HJ212DataArea(items: [
            [HJ212CPField(name: "DataTime", value: "20240315103000")],
            [
                .number(name: "a34004-Rtd", Decimal(string: "35.20") ?? 0),
                HJ212CPField(name: "a34004-Flag", value: "N"),
            ],
        ])

        // When built
        // Then the valid one has the expected text and the invalid ones are refused as bad_cp
        #expect(good.text == "DataTime=20240315103000;a34004-Rtd=35.2,a34004-Flag=N")
        #expect(throws: HJ212Refusal.self) { try HJ212DataArea(fields: [HJ212CPField(name: "a=b", value: "1")]) }
        #expect(throws: HJ212Refusal.self) { try HJ212DataArea(fields: [HJ212CPField(name: "x", value: "1;2")]) }
        let text = try HJ212DataArea(fields: [.text(name: "i11001-Info", content: "a;b,c")])
        #expect(text.first?.textContent == "a;b,c")
    }
}
