import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Store
import Testing

@testable import Indicators

@Suite("Acceptance over the real bus", .serialized)
struct AcceptanceTests {
    @Test(
        "an hour's data arriving from ingest shows as hourly AQI in the API over the live path; the latency is printed")
    func hourlyAQIOverTheLivePath() async throws {
        let harness = try BusHarness()
        let hour = World.hour("2026-03-10", 9)
        try await harness.withApp { client in
            let uri = "/v1/aqi?station=\(World.airA)&report=hourly&from=2026-03-10&to=2026-03-10"
            // Let the subscriber connect first, shown by an earlier hour arriving: ZeroMQ PUB drops what it
            // sends before that (the replay recovers it, but the timing under test is the live path).
            try await harness.publish(
                World.payload(World.airA, at: hour.addingTimeInterval(-3600), World.air(pm25: "40")))
            #expect(
                try await eventually {
                    let reply = try await send(client, .get, uri, token: "dev-transport")
                    return ((try? decode([AQIEntry].self, reply.body)) ?? []).count == 1
                })
            // Three hours in turn; the figure is the best of three, because the whole suite shares two cores
            // and one starved measurement says more about the machine than about the service.
            let clock = ContinuousClock()
            var latencies: [Duration] = []
            for attempt in 0..<3 {
                let start = hour.addingTimeInterval(Double(attempt) * 3600)
                let sent = clock.now
                try await harness.publish(World.payload(World.airA, at: start, World.air(pm25: "50")))
                let seen = LockedValue<ContinuousClock.Instant?>(nil)
                let visible = try await eventually(timeout: .seconds(15), every: .milliseconds(20)) {
                    let reply = try await send(client, .get, uri, token: "dev-transport")
                    let entries = (try? decode([AQIEntry].self, reply.body)) ?? []
                    guard entries.contains(where: { $0.hourStart == start && $0.aqi == 80 }) else { return false }
                    seen.withLock { $0 = $0 ?? clock.now }
                    return true
                }
                #expect(visible)
                latencies.append((seen.withLock { $0 } ?? clock.now) - sent)
            }
            // Speed is a benchmark's business, not a test's: alone this prints ~30 ms, but beside the
            // whole suite on two cores a starved run once took 2.2 s. The figure goes in the output;
            // the test fails only when the data does not arrive at all.
            print("indicators hourly AQI latency from publish to the API: \(latencies)")
        }
    }

    @Test("a backfilled hour published late changes the daily AQI it belongs to")
    func backfillOverBus() async throws {
        let harness = try BusHarness()
        try await harness.withApp { client in
            for hour in 0..<23 {
                try await harness.publish(
                    World.payload(World.airA, at: World.hour("2026-03-10", hour), World.air(pm25: "50")))
            }
            let uri = "/v1/aqi?station=\(World.airA)&report=daily&from=2026-03-10&to=2026-03-10"
            @Sendable func daily() async throws -> Int? {
                try decode([AQIEntry].self, try await send(client, .get, uri).body).first?.aqi
            }
            #expect(try await eventually { try await daily() == 80 })
            try await harness.publish(
                World.payload(World.airA, at: World.hour("2026-03-10", 23), World.air(pm25: "290")))
            #expect(try await eventually { try await daily() == 100 })
            let city = try decode(
                [AQIEntry].self,
                try await send(client, .get, "/v1/aqi/city?report=daily&from=2026-03-10&to=2026-03-10").body)
            #expect(city.first?.aqi == 100)
        }
    }

    @Test("an episode gives exactly one breach.opened and one breach.cleared, across a restart in the middle")
    func episodeAcrossRestart() async throws {
        let harness = try BusHarness()
        try await harness.store.registerStation(mn: World.plant, kind: "emission", now: Date())
        _ = try await harness.store.setPermitLimit(
            station: World.plant, factor: "a21026", PermitLimitInput(limit: "100", unit: "mg/m³"), by: "bureau",
            now: Date())
        @Sendable func emit(_ hour: Int, _ value: String) async throws {
            try await harness.publish(
                World.payload(
                    World.plant, kind: "emission", at: World.hour("2026-03-10", hour), [World.value("a21026", value)]))
        }
        @Sendable func breaches(_ type: String) throws -> [OutboxEntry] {
            try harness.outbox().filter { $0.type == type && $0.topic.hasSuffix("emission_exceedance.\(World.plant)") }
        }
        // Given the episode begins while indicators runs
        try await harness.withApp { _ in
            for (hour, value) in [(0, "50"), (1, "150"), (2, "160")] { try await emit(hour, value) }
            #expect(try await eventually { try breaches("breach.opened").count == 1 })
        }
        // When more of it arrives while indicators is down, then it restarts and the episode ends
        for (hour, value) in [(3, "170"), (4, "180")] { try await emit(hour, value) }
        try await harness.withApp { _ in
            for (hour, value) in [(5, "90"), (6, "80"), (7, "70")] { try await emit(hour, value) }
            #expect(try await eventually { try breaches("breach.cleared").count == 1 })
            try await Task.sleep(for: .milliseconds(300))
        }
        // Then exactly one of each, for the same breach
        let opened = try breaches("breach.opened")
        let cleared = try breaches("breach.cleared")
        #expect(opened.count == 1)
        #expect(cleared.count == 1)
        let openedEvent = try EventEnvelope.makeDecoder().decode(
            BreachEvent.self, from: try #require(opened.first).payload)
        let clearedEvent = try EventEnvelope.makeDecoder().decode(
            BreachEvent.self, from: try #require(cleared.first).payload)
        #expect(openedEvent.breachId == clearedEvent.breachId)
        #expect(clearedEvent.clearedAt == World.hour("2026-03-10", 5))
        #expect(try await harness.store.breaches(openOnly: true).allSatisfy { $0.opened?.kind != .emissionExceedance })
    }

    @Test(
        "waste.manifest.completed from manifests feeds plan indicators #17 and #18; a corrected completion replaces, not adds"
    )
    func manifestCompletions() async throws {
        let harness = try BusHarness(clock: World.hour("2026-06-01", 9))
        struct Completion: Encodable {
            struct Manifest: Encodable { var number: String }
            struct Figures: Encodable {
                var year = 2026
                var county = "430202"
                var hazardousTonnes: String
                var hazardousUtilisedTonnes = "0"
                var hazardousDisposedTonnes: String
                var medicalTonnes = "1.5"
                var medicalTreatedTonnes = "1.5"
            }
            var action = "complete"
            var toState = "completed"
            var manifest: Manifest
            var indicators: Figures
        }
        @Sendable func complete(_ number: String, _ total: String, _ disposed: String) async throws {
            try await harness.upstream.writer.write { db in
                _ = try Outbox(source: "ingest").enqueue(  // the one stand-in upstream plays manifests too
                    db, topic: "waste.manifest.completed", type: EventType("waste.manifest.completed"),
                    payload: Completion(
                        manifest: .init(number: number),
                        indicators: .init(hazardousTonnes: total, hazardousDisposedTonnes: disposed)),
                    time: Date(), correlationId: number)
            }
        }
        try await harness.withApp { client in
            try await complete("20264302000001", "2.5", "2.5")
            try await complete("20264302000002", "2", "1")
            try await complete("20264302000002", "2", "2")  // corrected
            let done = try await eventually {
                let views = try decode(
                    [PlanIndicatorView].self, try await send(client, .get, "/v1/plan/indicators").body)
                return views.first { $0.indicator.number == 17 }?.value == "100"
                    && views.first { $0.indicator.number == 18 }?.value == "100"
            }
            #expect(done)
        }
    }
}
