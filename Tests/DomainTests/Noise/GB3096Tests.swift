import Domain
import Foundation
import Testing

/// Suite: GB 3096 noise limits and compliance.
@Suite("GB 3096 noise limits and compliance")
struct GB3096Tests {
    /// Checks: Each zone's day and night limits: at the limit complies, 0.1 dB above does not.
    @Test(
        "Each zone's day and night limits: at the limit complies, 0.1 dB above does not",
        arguments: [
            (NoiseZoneClass.class0, 50, 40), (.class1, 55, 45), (.class2, 60, 50),
            (.class3, 65, 55), (.class4a, 70, 55), (.class4b, 70, 60),
        ])
    func limits(_ zone: NoiseZoneClass, _ day: Int, _ night: Int) {
        // Given
        let cases: [(NoisePeriod, Decimal)] = [(.day, Decimal(day)), (.night, Decimal(night))]

        for (period, limit) in cases {
            // When
            let atLimit = GB3096Evaluator.check(equivalentLevel: limit, zone: zone, period: period)
            let above = GB3096Evaluator.check(equivalentLevel: limit + dec("0.1"), zone: zone, period: period)

            // Then
            #expect(zone.limit(for: period) == limit)
            #expect(atLimit.isCompliant)
            #expect(atLimit.exceedance == 0)
            #expect(!above.isCompliant)
            #expect(above.exceedance == dec("0.1"))
            #expect(above.limit == limit)
        }
    }

    /// Checks: Day is 06:00–22:00 on the Asia/Shanghai clock by default.
    @Test(
        "Day is 06:00–22:00 on the Asia/Shanghai clock by default",
        arguments: [
            ("2026-03-01T05:59:59+08:00", NoisePeriod.night), ("2026-03-01T06:00:00+08:00", .day),
            ("2026-03-01T21:59:59+08:00", .day), ("2026-03-01T22:00:00+08:00", .night),
            ("2026-03-01T00:00:00+08:00", .night), ("2026-02-28T22:30:00Z", .day),
        ])
    func defaultSchedule(_ text: String, _ expected: NoisePeriod) throws {
        // Given
        let instant = try #require(ISO8601DateFormatter().date(from: text))

        // When
        let period = NoisePeriodSchedule.standard.period(at: instant)

        // Then
        #expect(period == expected)
    }

    /// Checks: A local government's own hours are honoured, including a window past midnight.
    @Test("A local government's own hours are honoured, including a window past midnight")
    func customSchedule() {
        // Given
        let local = NoisePeriodSchedule(dayStartMinute: 7 * 60, dayEndMinute: 23 * 60)
        let odd = NoisePeriodSchedule(dayStartMinute: 22 * 60, dayEndMinute: 6 * 60)

        // Then
        #expect(local.period(atMinuteOfDay: 6 * 60 + 30) == .night)
        #expect(local.period(atMinuteOfDay: 22 * 60 + 30) == .day)
        #expect(odd.period(atMinuteOfDay: 23 * 60) == .day)
        #expect(odd.period(atMinuteOfDay: 12 * 60) == .night)
    }

    /// Checks: Checking at an instant applies the period's limit.
    @Test("Checking at an instant applies the period's limit")
    func checkAtInstant() throws {
        // Given
        let night = try #require(ISO8601DateFormatter().date(from: "2026-03-01T23:00:00+08:00"))

        // When
        let result = GB3096Evaluator.check(equivalentLevel: dec("52.3"), zone: .class2, at: night)

        // Then
        #expect(result.period == .night)
        #expect(result.limit == 50)
        #expect(!result.isCompliant)
        #expect(result.exceedance == dec("2.3"))
        #expect(result.standard == "GB 3096—2008")
    }

    /// Checks: Night sudden noise may exceed the night limit by at most 15 dB(A).
    @Test("Night sudden noise may exceed the night limit by at most 15 dB(A)", arguments: NoiseZoneClass.allCases)
    func suddenNoise(_ zone: NoiseZoneClass) {
        #expect(GB3096Evaluator.nightSuddenNoiseIsCompliant(maximumLevel: zone.nightLimit + 15, zone: zone))
        #expect(!GB3096Evaluator.nightSuddenNoiseIsCompliant(maximumLevel: zone.nightLimit + dec("15.1"), zone: zone))
    }

    /// Checks: Background beside an existing railway trunk line is judged at 70 day / 55 night.
    @Test("Background beside an existing railway trunk line is judged at 70 day / 55 night")
    func railwayBackground() {
        #expect(GB3096Evaluator.railwayBackgroundIsCompliant(equivalentLevel: 70, period: .day))
        #expect(GB3096Evaluator.railwayBackgroundIsCompliant(equivalentLevel: 55, period: .night))
        #expect(!GB3096Evaluator.railwayBackgroundIsCompliant(equivalentLevel: dec("55.1"), period: .night))
    }

    /// Checks: A compliance result survives a JSON round trip.
    @Test("A compliance result survives a JSON round trip")
    func codable() throws {
        // Given
        let result = GB3096Evaluator.check(equivalentLevel: dec("61.2"), zone: .class2, period: .day)

        // When
        let decoded = try JSONDecoder().decode(NoiseComplianceResult.self, from: JSONEncoder().encode(result))

        // Then
        #expect(decoded == result)
    }
}
