import Domain
import Foundation
import GRDB
import Testing

@testable import Indicators

@Suite("Threshold rules and breaches")
struct RuleTests {
    /// A polluter with an SO2 permit limit of 100.
    private func plant(_ harness: StoreHarness) async throws {
        try await harness.store.registerStation(mn: World.plant, kind: "emission", now: Date())
        #expect(
            try await harness.store.setPermitLimit(
                station: World.plant, factor: "a21026", PermitLimitInput(limit: "100", unit: "mg/m³"), by: "bureau",
                now: Date()))
    }

    private func emit(_ harness: StoreHarness, hour: Int, so2: String) async throws {
        try await harness.absorb(
            World.payload(
                World.plant, kind: "emission", at: World.hour("2026-03-10", hour),
                [World.value("a21026", so2)]))
    }

    @Test("emission above the permit limit: 2 of 3 hours open one breach, 2 clearing hours clear it")
    func emissionEpisode() async throws {
        let harness = try StoreHarness()
        try await plant(harness)
        // Given an episode: under, over, over, over, under, under
        for (hour, value) in [(0, "50"), (1, "150"), (2, "160"), (3, "170"), (4, "90"), (5, "80")] {
            try await emit(harness, hour: hour, so2: value)
            if hour == 1 { #expect(try harness.events("breach.", as: BreachEvent.self).isEmpty) }
        }
        // Then exactly one opened (at the first breaching hour) and one cleared (at the first clearing hour)
        let opened = try harness.events("breach.opened.emission_exceedance.\(World.plant)", as: BreachEvent.self)
        let cleared = try harness.events("breach.cleared.emission_exceedance.\(World.plant)", as: BreachEvent.self)
        #expect(opened.count == 1)
        #expect(cleared.count == 1)
        let event = try #require(opened.first)
        #expect(event.openedAt == World.hour("2026-03-10", 1))
        #expect(event.evidence.map(\.value) == ["150", "160"])
        #expect(event.limit == "100")
        #expect(event.factor == "a21026")
        #expect(event.scope.id == World.plant)
        #expect(cleared.first?.clearedAt == World.hour("2026-03-10", 4))
        #expect(cleared.first?.breachId == event.breachId)
        #expect(try await harness.store.breaches(openOnly: true).isEmpty)
    }

    @Test("a late value from before the clearing does not reopen the episode")
    func lateValueAfterClear() async throws {
        let harness = try StoreHarness()
        try await plant(harness)
        for (hour, value) in [(1, "150"), (2, "160"), (4, "90"), (5, "80")] {
            try await emit(harness, hour: hour, so2: value)
        }
        try await emit(harness, hour: 3, so2: "500")
        #expect(try harness.events("breach.opened.", as: BreachEvent.self).count == 1)
    }

    @Test("hysteresis: a custom rule opens above 100 and clears only at or below 80")
    func hysteresis() async throws {
        let harness = try StoreHarness()
        let rule = try IndicatorsStore.makeRule(
            id: "pm25-high",
            RuleInput(
                name: "PM2.5 high", kind: "custom", scopeKind: "station", scopeValue: World.airA, factor: "a34004",
                window: "1h", comparator: ">", limit: "100", clearLimit: "80", unit: "µg/m³"),
            by: "bureau", now: Date())
        #expect(try await harness.store.createRule(rule))
        for (hour, value) in [(0, "120"), (1, "90"), (2, "85")] {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-10", hour), [World.value("a34004", value)]))
        }
        #expect(try harness.events("breach.opened.custom", as: BreachEvent.self).count == 1)
        #expect(try harness.events("breach.cleared.custom", as: BreachEvent.self).isEmpty)
        try await harness.absorb(
            World.payload(World.airA, at: World.hour("2026-03-10", 3), [World.value("a34004", "70")]))
        #expect(try harness.events("breach.cleared.custom", as: BreachEvent.self).count == 1)
    }

    @Test("at most one open breach per (rule, scope) is enforced by the database")
    func uniqueOpenBreach() async throws {
        let harness = try StoreHarness()
        try await harness.store.writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO breach (id, ruleId, scopeId, kind, openedAt, opened) VALUES ('a', 'r', 's', 'custom', ?, '{}')",
                arguments: [Date()])
        }
        await #expect(throws: DatabaseError.self) {
            try await harness.store.writer.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO breach (id, ruleId, scopeId, kind, openedAt, opened) VALUES ('b', 'r', 's', 'custom', ?, '{}')",
                    arguments: [Date()])
            }
        }
    }

    @Test("heavy pollution: a city day above 200 opens a breach; a day at or below 200 clears it")
    func heavyPollution() async throws {
        let harness = try StoreHarness()
        for hour in 0..<24 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-10", hour), World.air(pm25: "200")))
        }
        let opened = try harness.events("breach.opened.heavy_pollution.430200", as: BreachEvent.self)
        #expect(opened.count == 1)
        #expect(opened.first?.standard == "HJ 633—2026")
        #expect(opened.first?.evidence.first?.factor == "aqi")
        for hour in 0..<24 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-11", hour), World.air(pm25: "50")))
        }
        #expect(try harness.events("breach.cleared.heavy_pollution.430200", as: BreachEvent.self).count == 1)
    }

    @Test("drinking-water source: ammonia nitrogen above class III for 2 of 3 hours opens a breach")
    func drinkingWater() async throws {
        let harness = try StoreHarness()
        try await harness.store.registerStation(mn: World.source, kind: "water", now: Date())
        #expect(try await harness.store.patchStation(World.source, StationPatch(drinkingSource: "city"), now: Date()))
        for (hour, value) in [(0, "0.8"), (1, "1.2"), (2, "1.3")] {
            try await harness.absorb(
                World.payload(
                    World.source, kind: "water", at: World.hour("2026-03-10", hour),
                    [World.value("w21003", value)]))
        }
        let opened = try harness.events("breach.opened.drinking_water_source.\(World.source)", as: BreachEvent.self)
        #expect(opened.count == 1)
        #expect(opened.first?.factor == "w21003")
        #expect(opened.first?.limit == "1")
    }

    @Test("facility off (SB1-RS = 0) while flow is reported opens; running again clears")
    func facilityOff() async throws {
        let harness = try StoreHarness()
        let start = World.hour("2026-03-10", 9)
        try await harness.absorb(
            World.payload(
                World.plant, kind: "emission", periodKind: "minute", at: start,
                [
                    World.value("SB1", "0", statistic: "RS"), World.value("w00000", "12.5"),
                ]))
        #expect(try harness.events("breach.opened.facility_off.\(World.plant)", as: BreachEvent.self).count == 1)
        // When the facility runs again, the episode clears
        try await harness.absorb(
            World.payload(
                World.plant, kind: "emission", periodKind: "minute", at: start.addingTimeInterval(600),
                [
                    World.value("SB1", "1", statistic: "RS"), World.value("w00000", "12.5"),
                ]))
        #expect(try harness.events("breach.cleared.facility_off.\(World.plant)", as: BreachEvent.self).count == 1)
    }

    @Test("offline: no data for more than 2 intervals after the last hour ended opens on the clock; fresh data clears")
    func offline() async throws {
        let harness = try StoreHarness()
        let start = World.hour("2026-03-10", 9)
        try await harness.absorb(World.payload(World.airA, at: start, [World.value("a34004", "10")]))
        // Two intervals after the end of the 09:00 hour (10:00) is still within the limit
        try await harness.store.evaluateOffline(now: start.addingTimeInterval(2 * 3600))
        try await harness.store.evaluateOffline(now: start.addingTimeInterval(3 * 3600))
        #expect(try harness.events("breach.opened.station_offline", as: BreachEvent.self).isEmpty)
        // A moment past it is not
        try await harness.store.evaluateOffline(now: start.addingTimeInterval(3 * 3600 + 60))
        try await harness.store.evaluateOffline(now: start.addingTimeInterval(4 * 3600))
        #expect(try harness.events("breach.opened.station_offline.\(World.airA)", as: BreachEvent.self).count == 1)
        #expect(try await harness.store.breaches(openOnly: true).count == 1)
        try await harness.absorb(
            World.payload(World.airA, at: start.addingTimeInterval(4 * 3600), [World.value("a34004", "10")]))
        #expect(try harness.events("breach.cleared.station_offline.\(World.airA)", as: BreachEvent.self).count == 1)
    }

    @Test("the defaults are seeded once and validated inputs are refused with a problem")
    func defaultsAndValidation() async throws {
        let harness = try StoreHarness()
        let ids = try await harness.store.rules().map(\.id)
        #expect(
            Set(ids) == [
                "heavy-pollution", "drinking-water-class-iii", "emission-permit", "station-offline", "facility-off",
            ])
        #expect(throws: (any Error).self) {
            try IndicatorsStore.makeRule(
                id: "x",
                RuleInput(name: "x", kind: "custom", scopeKind: "station", factor: "a", window: "1h", comparator: "~"),
                by: "b", now: Date())
        }
    }

    @Test("an operator's custom rule on the city daily AQI (> 150) is evaluated beside heavy pollution")
    func customCityRule() async throws {
        let harness = try StoreHarness()
        let rule = try IndicatorsStore.makeRule(
            id: "city-aqi-150",
            RuleInput(
                name: "城市日AQI > 150", kind: "custom", scopeKind: "city", factor: "aqi", window: "day", comparator: ">",
                limit: "150"),
            by: "bureau", now: Date())
        #expect(try await harness.store.createRule(rule))
        for hour in 0..<24 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-10", hour), World.air(pm25: "130")))
        }
        // PM2.5 130 → IAQI 150 + 15/35 × 50 = 171.4 → 172: above 150, not above 200
        #expect(try harness.events("breach.opened.custom.430200", as: BreachEvent.self).count == 1)
        #expect(try harness.events("breach.opened.heavy_pollution", as: BreachEvent.self).isEmpty)
    }
}
