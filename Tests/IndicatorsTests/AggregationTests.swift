import Domain
import Foundation
import GRDB
import Testing

@testable import Indicators

@Suite("Aggregation: hours, days, AQI, city")
struct AggregationTests {
    @Test("an hour from minute data is valid with 45 minutes of sampling, not with 40")
    func minuteValidity() async throws {
        let harness = try StoreHarness()
        let hour = World.hour("2026-03-10", 9)
        let nextHour = World.hour("2026-03-10", 10)
        // Given 5-minute data: 9 samples (45 minutes) in one hour, 8 (40 minutes) in the next
        for i in 0..<9 {
            try await harness.absorb(
                World.payload(
                    World.airA, periodKind: "minute", at: hour.addingTimeInterval(Double(i) * 300),
                    [World.value("a21026", "\(10 + i)")]))
        }
        for i in 0..<8 {
            try await harness.absorb(
                World.payload(
                    World.airA, periodKind: "minute", at: nextHour.addingTimeInterval(Double(i) * 300),
                    [World.value("a21026", "10")]))
        }
        // Then the first hour is valid with the mean of its samples, the second is kept but invalid
        let first = try #require(try harness.hourly(World.airA, "a21026", hour))
        #expect(first["valid"] as Bool == true)
        #expect(first["coverage"] as Int == 45)
        #expect(first["value"] as String == "14")
        let second = try #require(try harness.hourly(World.airA, "a21026", nextHour))
        #expect(second["valid"] as Bool == false)
        #expect(second["coverage"] as Int == 40)
    }

    @Test("hourly data is taken directly; a flagged value is kept but invalid")
    func hourlyDirect() async throws {
        let harness = try StoreHarness()
        let hour = World.hour("2026-03-10", 9)
        try await harness.absorb(
            World.payload(
                World.airA, at: hour,
                [
                    World.value("a34004", "42.5"),
                    MeasurementPayload.Value(factor: "a34002", statistic: "Avg", value: "80", unit: nil, flag: "M"),
                ]))
        let pm25 = try #require(try harness.hourly(World.airA, "a34004", hour))
        #expect(pm25["value"] as String == "42.5")
        #expect(pm25["valid"] as Bool == true)
        let pm10 = try #require(try harness.hourly(World.airA, "a34002", hour))
        #expect(pm10["valid"] as Bool == false)
    }

    @Test("hourly AQI under HJ 633—2026 indexes the 1-hour PM2.5 on the 24-hour column")
    func hourlyAQI2026() async throws {
        let harness = try StoreHarness()
        let hour = World.hour("2026-03-10", 9)
        try await harness.absorb(World.payload(World.airA, at: hour, World.air(pm25: "50")))
        let entries = try await harness.store.hourlyAQI(
            scope: World.airA, from: hour, to: hour.addingTimeInterval(3600))
        let entry = try #require(entries.first)
        #expect(entry.standard == "HJ633-2026")
        #expect(entry.aqi == 80)
        #expect(entry.primaryPollutants == ["PM2.5"])
    }

    @Test("daily AQI follows the standard in force on the day: 2012 before 2026-03-01, 2026 after")
    func dailyStandardByDate() async throws {
        let harness = try StoreHarness()
        for date in ["2025-06-10", "2026-03-10"] {
            for hour in 0..<24 {
                try await harness.absorb(World.payload(World.airA, at: World.hour(date, hour), World.air(pm25: "50")))
            }
        }
        let old = try #require(try await harness.dailyAQI(World.airA, "2025-06-10"))
        #expect(old.standard == "HJ633-2012")
        #expect(old.aqi == 69)  // 50 + (50 − 35) / (75 − 35) × 50 = 68.75, rounded up
        let new = try #require(try await harness.dailyAQI(World.airA, "2026-03-10"))
        #expect(new.standard == "HJ633-2026")
        #expect(new.aqi == 80)  // 50 + (50 − 35) / (60 − 35) × 50
    }

    @Test("a backfilled hour recomputes its day's mean and AQI, and only that day")
    func backfillChangesDailyAQI() async throws {
        let harness = try StoreHarness()
        // Given 23 hours of a day and the whole next day
        for hour in 0..<23 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-10", hour), World.air(pm25: "50")))
        }
        for hour in 0..<24 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-11", hour), World.air(pm25: "50")))
        }
        #expect(try await harness.dailyAQI(World.airA, "2026-03-10")?.aqi == 80)
        // When the missing hour arrives late with a high value
        try await harness.absorb(World.payload(World.airA, at: World.hour("2026-03-10", 23), World.air(pm25: "290")))
        // Then the day's PM2.5 mean is (23 × 50 + 290) / 24 = 60 → IAQI 100, and the next day is untouched
        #expect(try await harness.dailyAQI(World.airA, "2026-03-10")?.aqi == 100)
        #expect(try await harness.dailyAQI(World.airA, "2026-03-11")?.aqi == 80)
    }

    @Test("a corrected reading (measurement.revised) recomputes the hour and the day")
    func revisionRecomputes() async throws {
        let harness = try StoreHarness()
        for hour in 0..<24 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-10", hour), World.air(pm25: "50")))
        }
        var revised = World.payload(World.airA, at: World.hour("2026-03-10", 5), [World.value("a34004", "290")])
        revised.readings[0].previousValue = "50"
        try await harness.absorb(revised)
        #expect(try await harness.dailyAQI(World.airA, "2026-03-10")?.aqi == 100)
        let hourly = try await harness.store.hourlyAQI(
            scope: World.airA, from: World.hour("2026-03-10", 5), to: World.hour("2026-03-10", 6))
        #expect(hourly.first?.aqi == 340)  // 290 on the 2026 PM2.5 24-hour column: 300 + 40 / 100 × 100
    }

    @Test("the day is invalid with 19 hours and valid with 20 (GB 3095 daily mean)")
    func dailyValidity() async throws {
        let harness = try StoreHarness()
        for hour in 0..<19 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-10", hour), World.air(pm25: "50")))
        }
        #expect(try await harness.dailyAQI(World.airA, "2026-03-10")?.aqi == nil)
        try await harness.absorb(World.payload(World.airA, at: World.hour("2026-03-10", 19), World.air(pm25: "50")))
        #expect(try await harness.dailyAQI(World.airA, "2026-03-10")?.aqi == 80)
        let completeness = try await harness.store.completeness(
            station: World.airA, from: "2026-03-10", to: "2026-03-10")
        #expect(completeness.first?.validHours == 20)
    }

    @Test("city values are the mean of the city's stations; every computed or revised city day is published")
    func cityDaily() async throws {
        let harness = try StoreHarness()
        for hour in 0..<24 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-10", hour), World.air(pm25: "40")),
                World.payload(World.airB, at: World.hour("2026-03-10", hour), World.air(pm25: "60")))
        }
        let city = try #require(try await harness.dailyAQI("city:430200", "2026-03-10"))
        #expect(city.aqi == 80)  // mean PM2.5 50
        let events = try harness.events("aqi.city.daily.430200", as: CityDailyAQIEvent.self)
        #expect(events.last?.aqi == 80)
        #expect(events.last?.date == "2026-03-10")
        #expect(events.last?.standard == "HJ 633—2026")
        #expect(events.first?.revised == false)
        // When a late correction changes the city day
        try await harness.absorb(
            World.payload(World.airB, at: World.hour("2026-03-10", 3), [World.value("a34004", "300")]))
        let after = try harness.events("aqi.city.daily.430200", as: CityDailyAQIEvent.self)
        #expect(after.count == events.count + 1)
        #expect(after.last?.revised == true)
        #expect((after.last?.aqi ?? 0) > 80)
    }

    @Test("bad values, unknown kinds and empty batches are skipped without failing the event")
    func robustness() async throws {
        let harness = try StoreHarness()
        let hour = World.hour("2026-03-10", 9)
        try await harness.absorb(
            World.payload(
                World.airA, at: hour,
                [World.value("a34004", "abc"), World.value("a34004", "1e999"), World.value("", "1")]),
            World.payload("X", kind: "radar", periodKind: "fortnight", at: hour, [World.value("zz", "1")]),
            World.payload(World.airA, at: hour, []))
        #expect(try harness.hourly(World.airA, "a34004", hour) == nil)
    }
}
