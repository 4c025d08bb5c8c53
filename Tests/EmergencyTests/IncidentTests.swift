import Domain
import Foundation
import GRDB
import Testing

@testable import Emergency

@Suite("Warning levels from runs of city daily AQI")
struct WarningRuleTests {
    @Test("national 2019 scheme: yellow, orange, red by run length and peak")
    func national() {
        let rules = WarningRule.national2019
        #expect(WarningRule.level(for: [140], rules: rules) == nil)
        #expect(WarningRule.level(for: [160], rules: rules) == nil)
        #expect(WarningRule.level(for: [160, 170], rules: rules) == "yellow")
        #expect(WarningRule.level(for: [160, 170, 180], rules: rules) == "orange")
        #expect(WarningRule.level(for: [210], rules: rules) == "yellow")
        #expect(WarningRule.level(for: [210, 250], rules: rules) == "orange")
        #expect(WarningRule.level(for: [210, 250, 260], rules: rules) == "orange")
        #expect(WarningRule.level(for: [210, 250, 310], rules: rules) == "red")
        #expect(WarningRule.level(for: [210, 160, 310], rules: rules) == "orange")
    }

    @Test("the older four-level scheme starts at blue")
    func mee2017() {
        let rules = WarningRule.mee2017
        #expect(WarningRule.level(for: [210], rules: rules) == "blue")
        #expect(WarningRule.level(for: [210, 220], rules: rules) == "yellow")
        #expect(WarningRule.level(for: [210, 220, 310], rules: rules) == "orange")
        #expect(WarningRule.level(for: [210, 320, 310, 220], rules: rules) == "red")
        #expect(WarningRule.level(for: [500], rules: rules) == "red")
    }

    @Test("dates: valid and invalid")
    func dates() {
        #expect(EmergencyStore.dayNumber("2026-03-02") == (EmergencyStore.dayNumber("2026-03-01") ?? 0) + 1)
        #expect(EmergencyStore.dayNumber("2026-02-30") == nil)
        #expect(EmergencyStore.dayNumber("yesterday") == nil)
        #expect(EmergencyStore.dayNumber("") == nil)
    }
}

@Suite("Incidents: correlation, inhibition, levels, plans")
struct IncidentTests {
    @Test("100 breaches of one episode make one incident; clearing them all clears it, once")
    func correlation() async throws {
        // Given 100 breaches of the same type and scope
        let harness = try Harness()
        for n in 1...100 { try await harness.breach(World.breach("b\(n)")) }
        // Then there is one incident fed by 100 inputs, announced once
        let incidents = try await harness.incidents()
        #expect(incidents.count == 1)
        #expect(incidents.first?.type == "emission_exceedance")
        #expect(incidents.first?.level == "IV")
        let inputs = try await harness.store.writer.read { try IncidentInput.fetchCount($0) }
        #expect(inputs == 100)
        #expect(try await harness.events().map(\.action) == [.opened])
        // When 99 clear, it stays active; when the last clears, it is cleared (not closed)
        for n in 1...99 { try await harness.breach(World.breach("b\(n)", cleared: true), cleared: true) }
        #expect(try await harness.incidents().first?.active == true)
        try await harness.breach(World.breach("b100", cleared: true), cleared: true)
        let cleared = try #require(try await harness.incidents().first)
        #expect(!cleared.active && !cleared.closed)
        let events = try await harness.events()
        #expect(events.map(\.action) == [.opened, .cleared])
        #expect(events.last?.evidenceCount == 100)
        // And a redelivered breach re-activates the same incident rather than opening another
        try await harness.breach(World.breach("b101"))
        #expect(try await harness.incidents().count == 1)
        #expect(try await harness.events().last?.action == .updated)
    }

    @Test("an offline station's threshold breaches are suppressed while it is offline")
    func inhibition() async throws {
        let harness = try Harness()
        // Given station S offline
        try await harness.breach(World.breach("off1", kind: .stationOffline))
        // When it reports emission breaches
        for n in 1...5 { try await harness.breach(World.breach("e\(n)")) }
        // Then only the offline incident exists, with the suppressions in its timeline
        var incidents = try await harness.incidents()
        #expect(incidents.map(\.type) == ["station_offline"])
        let suppressed = try await harness.store.writer.read { try SuppressedBreach.fetchCount($0) }
        #expect(suppressed == 5)
        let timeline = try await harness.store.writer.read {
            try TimelineEntry.filter(Column("action") == "suppressed").fetchCount($0)
        }
        #expect(timeline == 5)
        // And another station's breaches are not suppressed
        try await harness.breach(World.breach("x1", scope: "430200002"))
        // When S comes back, its breaches open incidents again
        try await harness.breach(World.breach("off1", kind: .stationOffline, cleared: true), cleared: true)
        try await harness.breach(World.breach("e6"))
        incidents = try await harness.incidents()
        #expect(incidents.map(\.type) == ["station_offline", "emission_exceedance", "emission_exceedance"])
        #expect(incidents.first?.active == false)
    }

    @Test("drinking-water source exceedance: level by population served, initial report due in 2 h")
    func drinkingWater() async throws {
        let harness = try Harness()
        _ = try await harness.store.saveWaterSource(id: "S1", name: "一水厂取水口", population: 1_200_000, county: "430202")
        _ = try await harness.store.saveWaterSource(id: "S2", name: "乡镇水源", population: 20_000, county: "430281")
        try await harness.breach(World.breach("w1", kind: .drinkingWaterSource, scope: "S1", scopeKind: "section"))
        try await harness.breach(World.breach("w2", kind: .drinkingWaterSource, scope: "S2", scopeKind: "section"))
        try await harness.breach(World.breach("w3", kind: .drinkingWaterSource, scope: "S3", scopeKind: "section"))
        let incidents = try await harness.incidents()
        #expect(incidents.map(\.level) == ["I", "III", "IV"])
        #expect(incidents.allSatisfy { $0.reportDueBy == World.start.addingTimeInterval(7200) })
        #expect(incidents.first?.responsible == ["bureau", "water"])
        #expect(incidents.first?.informed == ["health", "emergency"])
        // And the report timer fires once when the deadline passes unfiled
        harness.advance(seconds: 7201)
        _ = try await harness.store.fireTimers(at: harness.now)
        let overdue = try await harness.events().filter { $0.note == "statutory initial report overdue" }
        #expect(overdue.count == 3)
    }

    @Test("a waste anomaly opens a bureau incident with transport and police informed; medical adds health")
    func wasteAnomaly() async throws {
        let harness = try Harness()
        try await harness.anomaly(World.anomaly(1))
        try await harness.anomaly(World.anomaly(2, medical: true))
        let incidents = try await harness.incidents()
        #expect(incidents.count == 2)
        #expect(incidents[0].type == "waste_anomaly")
        #expect(incidents[0].responsible == ["bureau"])
        #expect(incidents[0].informed == ["transport", "police"])
        #expect(incidents[1].informed == ["transport", "police", "health"])
        let opened = try await harness.events().filter { $0.action == .opened }
        #expect(opened.last?.recipients == ["bureau", "transport", "police", "health"])
        #expect(opened.first?.scope.kind == "manifest")
        // When manifests resolves it, the incident clears
        try await harness.anomaly(World.anomaly(1, resolved: true), resolved: true)
        #expect(try await harness.incidents().first?.active == false)
    }

    @Test("a 4-day episode raises the warning day by day as updates, and clears")
    func episode() async throws {
        let harness = try Harness()
        try await harness.day(World.day("2026-01-05", 120))
        #expect(try await harness.incidents().isEmpty)
        try await harness.day(World.day("2026-01-06", 215))
        #expect(try await harness.incidents().map(\.level) == ["yellow"])
        try await harness.day(World.day("2026-01-07", 240))
        #expect(try await harness.incidents().map(\.level) == ["orange"])
        try await harness.day(World.day("2026-01-08", 320))
        #expect(try await harness.incidents().map(\.level) == ["red"])
        try await harness.day(World.day("2026-01-09", 130))
        let incident = try #require(try await harness.incidents().first)
        #expect(incident.level == "red" && !incident.active && !incident.closed)
        let events = try await harness.events()
        #expect(events.map(\.action) == [.opened, .updated, .updated, .cleared])
        #expect(events.map(\.previousLevel) == [nil, "yellow", "orange", nil])
        #expect(events.last?.instructions.contains("30 %") == true)
    }

    @Test("forecast days raise the warning ahead; a forecast never replaces an observed day")
    func forecasts() async throws {
        let harness = try Harness()
        try await harness.day(World.day("2026-01-06", 230))
        try await harness.day(World.day("2026-01-07", 240, forecast: true))
        #expect(try await harness.incidents().map(\.level) == ["orange"])
        // A late forecast of an observed day changes nothing
        try await harness.day(World.day("2026-01-06", 90, forecast: true))
        let stored = try await harness.store.writer.read {
            try AQIDay.fetchOne($0, key: ["city": World.city, "date": "2026-01-06"])
        }
        #expect(stored?.aqi == 230 && stored?.forecast == false)
        #expect(try await harness.incidents().first?.active == true)
        // A lower forecast for the next day ends the episode (the warning can be lifted)
        try await harness.day(World.day("2026-01-08", 120, forecast: true))
        #expect(try await harness.incidents().first?.active == false)
    }

    @Test("a heavy-pollution breach joins the city's warning incident; a malformed day is ignored")
    func breachJoinsWarning() async throws {
        let harness = try Harness()
        try await harness.day(World.day("2026-01-06", 215))
        try await harness.breach(World.breach("hp1", kind: .heavyPollution, scope: World.city, scopeKind: "city"))
        try await harness.day(World.day("not a date", 400))
        let incidents = try await harness.incidents()
        #expect(incidents.count == 1)
        #expect(incidents.first?.level == "yellow")
    }

    @Test("unacknowledged past its deadline escalates along the plan, repeats, and stops when acknowledged")
    func escalation() async throws {
        let harness = try Harness()
        try await harness.breach(World.breach("b1"))
        // Level IV: 2 h to acknowledge
        #expect(try await harness.store.fireTimers(at: harness.now.addingTimeInterval(7199)) == 0)
        harness.advance(seconds: 7200)
        #expect(try await harness.store.fireTimers(at: harness.now) == 1)
        var incident = try #require(try await harness.incidents().first)
        #expect(incident.escalationStep == 1)
        #expect(incident.responsible == ["bureau", "emergency"])
        let escalated = try #require(try await harness.events().last)
        #expect(escalated.action == .escalated)
        #expect(escalated.recipients == ["bureau", "emergency"])
        // It repeats after another interval
        harness.advance(seconds: 7200)
        // (the 4 h initial-report timer fires at the same time)
        #expect(try await harness.store.fireTimers(at: harness.now) == 2)
        // When emergency management acknowledges, escalation stops
        let caller = Caller(department: "emergency", role: .operator_)
        incident = try await harness.store.acknowledge(try #require(incident.id), caller: caller, note: "on it")
        #expect(incident.acknowledged && incident.acknowledgeBy == nil)
        harness.advance(seconds: 7200 * 5)
        #expect(try await harness.store.fireTimers(at: harness.now) == 0)
        #expect(
            try await harness.events().map(\.action).filter { $0 != .updated } == [
                .opened, .escalated, .escalated, .acknowledged,
            ])
    }

    @Test("filing the initial report stops the report timer")
    func reportFiled() async throws {
        let harness = try Harness()
        try await harness.breach(World.breach("w1", kind: .drinkingWaterSource, scope: "S1", scopeKind: "section"))
        let id = try #require(try await harness.incidents().first?.id)
        let water = Caller(department: "water", role: .operator_)
        let filed = try await harness.store.report(id, caller: water, kind: "initial", note: "phoned")
        #expect(filed.reportedAt == World.start)
        _ = try await harness.store.acknowledge(id, caller: water, note: nil)
        harness.advance(seconds: 86_400)
        #expect(try await harness.store.fireTimers(at: harness.now) == 0)
        await #expect(throws: (any Error).self) {
            try await harness.store.report(id, caller: water, kind: "weekly", note: nil)
        }
    }

    @Test("raising the level of an unacknowledged incident tightens its deadlines")
    func raiseTightens() async throws {
        let harness = try Harness()
        try await harness.breach(World.breach("b1"))
        let id = try #require(try await harness.incidents().first?.id)
        let bureau = Caller(department: "bureau", role: .admin)
        let raised = try await harness.store.changeLevel(id, caller: bureau, level: "II", reason: "fish kill")
        #expect(raised.acknowledgeBy == World.start.addingTimeInterval(1800))
        #expect(raised.reportDueBy == World.start.addingTimeInterval(7200))
        #expect(try await harness.events().last?.previousLevel == "IV")
        await #expect(throws: (any Error).self) {
            try await harness.store.changeLevel(id, caller: bureau, level: "red", reason: nil)
        }
    }
}
