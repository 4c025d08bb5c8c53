import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Store
import Testing

@testable import Emergency

/// Scenarios over the real bus: upstream publishers on loopback sockets stand in for indicators and
/// manifests; emergency runs with its subscriber, publisher, timer and HTTP server.
@Suite("Scenarios over the real bus", .serialized)
struct ScenarioTests {
    /// The levels of the city's warning incidents, through the API.
    static func levels(_ client: any TestClientProtocol) async throws -> [String] {
        try await client.execute(uri: "/v1/incidents?type=heavy_pollution", method: .get, headers: bearer("dev-bureau"))
        {
            try decode([Incident].self, $0.body).map(\.level)
        }
    }

    @Test("a 4-day PM2.5 episode raises yellow, orange, red day by day, then clears")
    func episode() async throws {
        let context = try ZMQContext()
        let indicators = try FakeUpstream(source: "indicators", context: context)
        defer { indicators.close() }
        let harness = try Harness()
        try await harness.withApp(.live, upstreams: [indicators.endpoints.upstream]) { client in
            let days: [(String, Int, String)] = [
                ("2026-01-06", 215, "yellow"), ("2026-01-07", 245, "orange"), ("2026-01-08", 330, "red"),
            ]
            for (date, aqi, level) in days {
                try await indicators.publish(
                    topic: "aqi.city.daily.\(World.city)", type: "aqi.city.daily", payload: World.day(date, aqi))
                #expect(try await eventually { try await Self.levels(client) == [level] }, "\(date) → \(level)")
            }
            try await indicators.publish(
                topic: "aqi.city.daily.\(World.city)", type: "aqi.city.daily", payload: World.day("2026-01-09", 110))
            let cleared = try await eventually {
                try await client.execute(
                    uri: "/v1/incidents?type=heavy_pollution&state=cleared", method: .get, headers: bearer("dev-bureau")
                ) { try decode([Incident].self, $0.body).count == 1 }
            }
            #expect(cleared)
        }
        let events = try await harness.events()
        #expect(events.map(\.action) == [.opened, .updated, .updated, .cleared])
        #expect(events.map(\.level) == ["yellow", "orange", "red", "red"])
        #expect(events.first?.recipients == ["bureau", "emergency", "health", "transport"])
        #expect(events.first?.links.first?.href == "/v1/incidents/1")
    }

    @Test("100 breaches of one episode over the bus make one incident")
    func hundredBreaches() async throws {
        let context = try ZMQContext()
        let indicators = try FakeUpstream(source: "indicators", context: context)
        defer { indicators.close() }
        let harness = try Harness()
        try await harness.withApp(.live, upstreams: [indicators.endpoints.upstream]) { client in
            for n in 1...100 {
                let breach = World.breach("b\(n)")
                try await indicators.publish(
                    topic: "breach.opened.emission_exceedance.430200001", type: "breach.opened", payload: breach)
            }
            let all = try await eventually {
                let inputs = try await harness.store.writer.read { try IncidentInput.fetchCount($0) }
                return inputs == 100
            }
            #expect(all)
            try await client.execute(uri: "/v1/incidents", method: .get, headers: bearer("dev-bureau")) {
                response throws in
                #expect(try decode([Incident].self, response.body).count == 1)
            }
        }
        #expect(try await harness.events().map(\.action) == [.opened])
    }

    @Test("unacknowledged escalates on time by the timer, and stops once acknowledged")
    func escalation() async throws {
        let context = try ZMQContext()
        let indicators = try FakeUpstream(source: "indicators", context: context)
        defer { indicators.close() }
        let harness = try Harness()
        try await harness.withApp(.live, upstreams: [indicators.endpoints.upstream], timer: .milliseconds(20)) {
            client in
            try await indicators.publish(
                topic: "breach.opened.emission_exceedance.430200001", type: "breach.opened", payload: World.breach("b1")
            )
            #expect(try await eventually { try await harness.incidents().count == 1 })
            // Not before the 2 h deadline
            harness.advance(seconds: 7199)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await harness.events().map(\.action) == [.opened])
            // At the deadline: escalated to emergency management
            harness.advance(seconds: 1)
            #expect(try await eventually { try await harness.events().contains { $0.action == .escalated } })
            let escalated = try #require(try await harness.events().first { $0.action == .escalated })
            #expect(escalated.recipients.contains("emergency"))
            // Emergency management acknowledges over HTTP
            try await client.execute(
                uri: "/v1/incidents/1/acknowledge", method: .post, headers: bearer("dev-emergency")
            ) {
                #expect($0.status == .ok)
            }
            harness.advance(seconds: 7200 * 3)
            try await Task.sleep(for: .milliseconds(200))
        }
        let escalations = try await harness.events().filter { $0.action == .escalated }
        #expect(escalations.count == 1)
        #expect(try await harness.events().contains { $0.action == .acknowledged })
    }

    @Test("a payload that does not decode is dead-lettered; the events after it still apply")
    func malformed() async throws {
        let context = try ZMQContext()
        let indicators = try FakeUpstream(source: "indicators", context: context)
        defer { indicators.close() }
        let harness = try Harness()
        try await indicators.publish(
            topic: "breach.opened.emission_exceedance.430200001", type: "breach.opened", payload: BadBreach())
        try await indicators.publish(topic: "aqi.city.daily.\(World.city)", type: "aqi.city.daily", payload: BadDay())
        try await indicators.publish(
            topic: "breach.opened.emission_exceedance.430200001", type: "breach.opened", payload: World.breach("b1"))
        try await harness.withApp(.live, upstreams: [indicators.endpoints.upstream]) { _ in
            _ = try await eventually(timeout: .seconds(20)) { try await harness.incidents().count == 1 }
        }
        #expect(try await harness.incidents().count == 1)
        let deadLetters = try await harness.store.writer.read { try DeadLetter.fetchCount($0) }
        #expect(deadLetters == 2)
    }

    @Test("a waste anomaly from manifests opens an incident for the bureau, transport and police informed")
    func wasteAnomaly() async throws {
        let context = try ZMQContext()
        let manifests = try FakeUpstream(source: "manifests", context: context)
        defer { manifests.close() }
        let harness = try Harness()
        try await harness.withApp(.live, upstreams: [manifests.endpoints.upstream]) { client in
            try await manifests.publish(
                topic: "waste.anomaly.transit_too_long", type: "waste.anomaly.detected",
                json: World.anomaly(3, medical: true))
            #expect(try await eventually { try await harness.incidents().count == 1 })
            try await client.execute(uri: "/v1/incidents", method: .get, headers: bearer("dev-health")) {
                response throws in
                let incidents = try decode([Incident].self, response.body)
                #expect(incidents.map(\.type) == ["waste_anomaly"])
                #expect(incidents.first?.responsible == ["bureau"])
                #expect(incidents.first?.informed == ["transport", "police", "health"])
            }
        }
    }
}

/// A breach payload that does not decode.
struct BadBreach: Encodable, Sendable {
    var breachId = 42
    var kind = "nonsense"
}

/// A city daily AQI payload that does not decode.
struct BadDay: Encodable, Sendable {
    var city = World.city
    var date = 7
}
