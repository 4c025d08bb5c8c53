import Foundation
import Testing

@testable import Domain

/// Tests for HJ 212 factor table and 2005 mapping.
@Suite("HJ 212 factor table and 2005 mapping")
struct HJ212FactorTableTests {
    /// 2005 legacy codes map to 2017 codes.
    @Test(
        "2005 legacy codes map to 2017 codes",
        arguments: [
            ("B01", "w00000"), ("001", "w01001"), ("011", "w01018"), ("060", "w21003"), ("101", "w21011"),
            ("065", "w21001"), ("020", "w20111"), ("B02", "a00000"), ("01", "a34013"), ("02", "a21026"),
            ("03", "a21002"), ("04", "a21005"), ("S01", "a19001"), ("S02", "a01011"), ("S08", "a01013"),
            ("37", "a01010"), ("30", "a05001"), ("12", "a99051"),
        ])
    func legacyMapping(_ legacy: String, _ modern: String) {
        // Given a legacy code
        // When mapped through the standard table
        let mapped = HJ212FactorTable.standard.standardCode(forLegacyCode: legacy)

        // Then it gives the 2017 code the reference lists
        #expect(mapped == modern)
    }

    /// Codes with no 2017 equivalent stay unmapped.
    @Test("codes with no 2017 equivalent stay unmapped")
    func unmapped() {
        // Given the legacy codes the reference says have no single 2017 row
        // When mapped
        // Then none maps, and unknown vendor codes do not map either
        for code in HJ212FactorTable.unmappedLegacyCodes {
            #expect(HJ212FactorTable.standard.standardCode(forLegacyCode: code) == nil)
        }
        #expect(HJ212FactorTable.standard.standardCode(forLegacyCode: "ys1001") == nil)
    }

    /// Units are data: water from table B.1, ambient air only for ST 22, nil when unstated.
    @Test("units are data: water from table B.1, ambient air only for ST 22, nil when unstated")
    func units() throws {
        // Given the standard table
        let table = HJ212FactorTable.standard

        // When factors are looked up
        let cod = try #require(table.factor(for: "w01018"))
        let carbonMonoxide = try #require(table.factor(for: "a21005"))
        let fineDust = try #require(table.factor(for: "a34004"))
        let nox = try #require(table.factor(for: "a21002"))
        let flow = try #require(table.factor(for: "B01"))

        // Then units come from the table and are scoped where the reference scopes them
        #expect(cod.unit == "mg/L")
        #expect(cod.legacyCode == "011")
        #expect(carbonMonoxide.unit(forSystem: "22") == "mg/m³")
        #expect(carbonMonoxide.unit(forSystem: "31") == nil)
        #expect(fineDust.unit(forSystem: "22") == "µg/m³")
        #expect(nox.unit == nil)
        #expect(flow.code == "w00000")
        #expect(flow.amountUnit == "m³")
        #expect(table.factor(for: "Leq")?.unit == "dB")
        #expect(table.factor(for: "a05024")?.name.contains("ozone") == true)
    }

    /// A 2017 packet does not reinterpret codes as legacy ones.
    @Test("a 2017 packet does not reinterpret codes as legacy ones")
    func noMappingFor2017() throws {
        // Given a 2017 packet that happens to use a short vendor code
        let message = try HJ212Message(
            dataSegment: Array("QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=A1;Flag=4;CP=&&01-Rtd=5&&".utf8))

        // When readings are taken
        let reading = try #require(message.readings.first)

        // Then the code is kept as sent
        #expect(reading.standardCode == "01")
    }

    /// Code tables name ST and CN values and keep unknown ones unnamed.
    @Test("code tables name ST and CN values and keep unknown ones unnamed")
    func codeTables() {
        // Given codes inside and outside the tables
        // When named
        // Then known ones have names and unknown ones give nil
        #expect(HJ212SystemType.name(for: "22") == "ambient air quality")
        #expect(HJ212SystemType.name(for: "101") == nil)
        #expect(HJ212CommandCode.name(for: 2011) == "real-time data")
        #expect(HJ212CommandCode.uploads.contains(2061))
        #expect(HJ212DataFlag(rawValue: "P")?.isLegacy2005Only == true)
        #expect(HJ212DataFlag(rawValue: "B") == .communicationAbnormal)
    }
}
