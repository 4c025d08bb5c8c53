import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import ServiceKit
import Store
import Testing

@Suite("Service kit: health, readiness, metrics, tokens and the bus operations API")
struct OperationsEndpointTests {
    /// A runtime over a real temporary store and real sockets on ephemeral ports.
    func makeRuntime(_ values: [String: String] = [:], handlers: EventHandlers = EventHandlers()) throws -> (
        ServiceRuntime, BusFixture
    ) {
        let fixture = try BusFixture(name: "kit")
        var merged = [
            "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:*", "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:*", "HTTP_PORT": "0",
        ]
        for (key, value) in values { merged[key] = value }
        let settings = ServiceSettings(service: .emergency, reader: ServiceConfigReader.make(values: merged))
        let runtime = try ServiceRuntime(
            settings: settings, logger: fixture.logger, registry: PrometheusCollectorRegistry(), store: fixture.writer,
            handlers: handlers, context: try ZMQContext())
        return (runtime, fixture)
    }

    @Test("health, readiness and metrics are open; readiness reports the bus")
    func openEndpoints() async throws {
        let (runtime, fixture) = try makeRuntime(["BUS_SUBSCRIBE_UPSTREAMS": ""])
        defer { fixture.remove() }
        let app = runtime.makeApplication(router: runtime.makeRouter())
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"ok""#))
            }
            let ready = try await eventually {
                try await client.execute(uri: "/readyz", method: .get) { $0.status == .ok }
            }
            #expect(ready)
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("bus_events_published_total"))
            }
        }
    }

    @Test("tokens: none → 401 on /v1, unknown → 401, viewer cannot retry dead letters, admin can list them")
    func tokens() async throws {
        let viewerToken = "viewer-secret"
        let adminToken = "admin-secret"
        let (runtime, fixture) = try makeRuntime([
            "AUTH_TOKENS":
                "transport:viewer:\(TokenHash.hex(of: viewerToken)),bureau:admin:\(TokenHash.hex(of: adminToken))",
            "BUS_SUBSCRIBE_UPSTREAMS": "",
        ])
        defer { fixture.remove() }
        let app = runtime.makeApplication(router: runtime.makeRouter())
        try await app.test(.live) { client in
            try await client.execute(uri: "/v1/bus/status", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(
                uri: "/v1/bus/status", method: .get, headers: [.authorization: "Bearer dev-bureau"]
            ) { response in
                // Development tokens are off once tokens are configured.
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/bus/status", method: .get, headers: [.authorization: "Bearer \(viewerToken)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""source":"emergency""#))
            }
            try await client.execute(
                uri: "/v1/bus/dead-letters/1/retry", method: .post, headers: [.authorization: "Bearer \(viewerToken)"]
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/v1/bus/dead-letters", method: .get, headers: [.authorization: "Bearer \(adminToken)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "[]")
            }
        }
    }

    @Test("a dead letter is visible over HTTP and in metrics, and an admin retry applies it once")
    func deadLetterRetry() async throws {
        // Given a service that listens to a publisher, with a handler that fails until repaired
        let context = try ZMQContext()
        let source = try BusFixture(name: "upstream")
        defer { source.remove() }
        let publisher = source.publisher(source: "indicators", context: context)
        let endpoints = try publisher.start()
        defer { publisher.stop() }
        let repaired = LockedValue(false)
        var handlers = EventHandlers()
        handlers.on("breach.opened") { _, db in
            struct NotYet: Error {}
            guard repaired.value else { throw NotYet() }
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS effects (n INTEGER)")
            try db.execute(sql: "INSERT INTO effects VALUES (1)")
        }
        let (runtime, fixture) = try makeRuntime(
            [
                "BUS_SUBSCRIBE_UPSTREAMS": "\(endpoints.publish)|\(endpoints.replay)",
                "BUS_SUBSCRIBE_PREFIXES": "breach.", "BUS_SUBSCRIBE_MAX_ATTEMPTS": "2",
            ], handlers: handlers)
        defer { fixture.remove() }
        let app = runtime.makeApplication(router: runtime.makeRouter())
        try await app.test(.live) { client in
            // When an event arrives whose handler keeps failing
            try await source.writer.write { db in
                try Outbox(source: "indicators").enqueue(
                    db, topic: "breach.opened.aqi", type: EventType("breach.opened"), payload: ["rule": "aqi"],
                    time: Date())
            }
            let admin: HTTPFields = [.authorization: "Bearer dev-bureau"]
            // Then it is dead-lettered, listed over HTTP and counted
            let listed = try await eventually {
                try await client.execute(uri: "/v1/bus/dead-letters?status=open", method: .get, headers: admin) {
                    let body = String(buffer: $0.body)
                    return body.contains(#""type":"breach.opened""#) && body.contains(#""attempts":2"#)
                }
            }
            #expect(listed)
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains("bus_dead_lettered_total 1"))
            }
            // And when the cause is fixed, an admin retry applies it once
            repaired.withLock { $0 = true }
            try await client.execute(uri: "/v1/bus/dead-letters/1/retry", method: .post, headers: admin) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/bus/dead-letters/1/retry", method: .post, headers: admin) { response in
                #expect(response.status == .conflict)
            }
            let effects = try await fixture.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM effects") }
            #expect(effects == 1)
        }
        context.terminate()
    }

    @Test("settings have a default for every key and read overrides from the environment form")
    func settings() {
        let defaults = ServiceSettings(service: .notifier, reader: ServiceConfigReader.make(values: [:]))
        #expect(defaults.httpPort == 8085)
        #expect(defaults.publishEndpoint == "tcp://127.0.0.1:7085")
        #expect(defaults.replayEndpoint == "tcp://127.0.0.1:7185")
        #expect(defaults.dataDirectory.path.hasSuffix("data/notifier"))
        #expect(defaults.upstreams.count == 3)
        #expect(defaults.usesDevelopmentTokens)
        let custom = ServiceSettings(
            service: .ingest,
            reader: ServiceConfigReader.make(values: ["HTTP_PORT": "9999", "BUS_SUBSCRIBE_PREFIXES": "a.,b."]))
        #expect(custom.httpPort == 9999)
        #expect(custom.prefixes == ["a.", "b."])
    }
}
