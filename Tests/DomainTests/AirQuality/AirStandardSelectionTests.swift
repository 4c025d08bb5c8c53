import Domain
import Foundation
import Testing

/// Suite: Choosing the air standard version by the data's date.
@Suite("Choosing the air standard version by the data's date")
struct AirStandardSelectionTests {
    /// Checks: HJ 633: 2012 up to 2026-02-28, 2026 from 2026-03-01 (Asia/Shanghai local date).
    @Test(
        "HJ 633: 2012 up to 2026-02-28, 2026 from 2026-03-01 (Asia/Shanghai local date)",
        arguments: [
            ("2016-01-01", AQIStandard.hj633_2012), ("2026-02-28", .hj633_2012),
            ("2026-03-01", .hj633_2026), ("2031-06-30", .hj633_2026),
        ])
    func aqiStandardByLocalDate(_ text: String, _ expected: AQIStandard) throws {
        // Given
        let date = try #require(ChinaLocalDate(isoString: text))

        // When
        let standard = AQIStandard.inForce(on: date)

        // Then
        #expect(standard == expected)
    }

    /// Checks: An instant is read on the Asia/Shanghai clock: 16:00 UTC on 28 February is 1 March locally.
    @Test(
        "An instant is read on the Asia/Shanghai clock: 16:00 UTC on 28 February is 1 March locally",
        arguments: [("2026-02-28T15:59:59Z", AQIStandard.hj633_2012), ("2026-02-28T16:00:00Z", .hj633_2026)])
    func aqiStandardByInstant(_ text: String, _ expected: AQIStandard) throws {
        // Given
        let instant = try #require(ISO8601DateFormatter().date(from: text))

        // When
        let standard = AQIStandard.inForce(at: instant)

        // Then
        #expect(standard == expected)
    }

    /// Checks: GB 3095 limit set: 2012, then 2026 transition, then 2026 final from 2031.
    @Test(
        "GB 3095 limit set: 2012, then 2026 transition, then 2026 final from 2031",
        arguments: [
            ("2026-02-28", GB3095LimitSet.gb3095_2012), ("2026-03-01", .gb3095_2026Transition),
            ("2030-12-31", .gb3095_2026Transition), ("2031-01-01", .gb3095_2026Final),
        ])
    func gb3095LimitSetByDate(_ text: String, _ expected: GB3095LimitSet) throws {
        // Given
        let date = try #require(ChinaLocalDate(isoString: text))

        // When
        let limitSet = GB3095LimitSet.inForce(on: date)

        // Then
        #expect(limitSet == expected)
    }

    /// Checks: Local dates reject days that do not exist and accept 29 February in leap years.
    @Test("Local dates reject days that do not exist and accept 29 February in leap years")
    func localDateValidation() {
        #expect(ChinaLocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(ChinaLocalDate(year: 2028, month: 2, day: 29) != nil)
        #expect(ChinaLocalDate(year: 2026, month: 13, day: 1) == nil)
        #expect(ChinaLocalDate(isoString: "2026-3-1") == nil)
        #expect(ChinaLocalDate(isoString: "2026-03-01")?.description == "2026-03-01")
    }

    /// Checks: A local date encodes as YYYY-MM-DD and decodes back.
    @Test("A local date encodes as YYYY-MM-DD and decodes back")
    func localDateCodable() throws {
        // Given
        let date = try #require(ChinaLocalDate(year: 2026, month: 3, day: 1))

        // When
        let data = try JSONEncoder().encode([date])
        let decoded = try JSONDecoder().decode([ChinaLocalDate].self, from: data)

        // Then
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-03-01\"]")
        #expect(decoded == [date])
    }
}
