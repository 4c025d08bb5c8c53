import Bus
import BusTesting
import Foundation
import Prometheus
import ServiceKit
import Testing

@Suite("Service kit: CURVE keys and allow-list from configuration and secret files")
struct BusSecuritySettingsTests {
    /// Reads settings of `emergency` from `environment` (and the secret files it names).
    func settings(_ environment: [String: String]) async throws -> ServiceSettings {
        var merged = [
            "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:*", "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:*",
            "BUS_HEARTBEAT_MILLISECONDS": "100",
        ]
        for (key, value) in environment { merged[key] = value }
        return ServiceSettings(service: .emergency, reader: try await ServiceConfigReader.make(environment: merged))
    }

    @Test("a secret key from the secrets directory and an allow-list secure the service's publisher")
    func securedFromSecretFiles() async throws {
        // Given the service's secret key as a compose-style secret file and a department on its allow-list
        let server = try CurveKeyPair.generate()
        let police = try CurveKeyPair.generate()
        let upstreamKey = try CurveKeyPair.generate().publicKey
        let secrets = try TemporaryDirectory(prefix: "secrets")
        let fixture = try BusFixture(name: "kit")
        defer { secrets.remove(); fixture.remove() }
        try Data((server.secretKey + "\n").utf8).write(to: secrets.url.appendingPathComponent("bus-curve-secretKey"))
        let settings = try await settings([
            "GREENHEART_SECRETS_DIRECTORY": secrets.url.path,
            "BUS_CURVE_PUBLIC_KEY": server.publicKey,
            "BUS_CURVE_ALLOW": "police|\(police.publicKey)|emergency.incident.",
            "BUS_SUBSCRIBE_UPSTREAMS": "tcp://127.0.0.1:1|tcp://127.0.0.1:2|\(upstreamKey)",
        ])
        // When the runtime is built
        let security = try #require(try ServiceRuntime.security(settings: settings))
        #expect(security.publicKey == server.publicKey)
        #expect(
            security.clients == [
                BusClient(department: "police", publicKey: police.publicKey, prefixes: ["emergency.incident."])
            ])
        let context = try ZMQContext()
        let runtime = try ServiceRuntime(
            settings: settings, logger: fixture.logger, registry: PrometheusCollectorRegistry(), store: fixture.writer,
            handlers: EventHandlers(), context: context)
        let endpoints = try runtime.publisher.start()
        // Then police, with its key and the service's public key, hears the service's heartbeats
        let sub = try ZMQChannel(context: context, kind: .sub) { socket in
            try socket.useCurveClient(serverKey: server.publicKey, keyPair: police)
            try socket.subscribe("heartbeat.")
            try socket.connect(endpoints.publish)
        }
        var iterator = sub.messages.makeAsyncIterator()
        let heartbeat = await iterator.next()
        #expect(heartbeat.map { String(decoding: $0.frames[0], as: UTF8.self) } == "heartbeat.emergency")
        sub.close()
        runtime.publisher.stop()
        context.terminate()
    }

    @Test("inconsistent security settings stop the service with a message naming the key")
    func inconsistentSettingsAreRefused() async throws {
        let pair = try CurveKeyPair.generate()
        let other = try CurveKeyPair.generate()
        let cases: [([String: String], String)] = [
            (["BUS_CURVE_ALLOW": "police|\(other.publicKey)|waste."], "bus.curve.secretKey"),
            (["BUS_CURVE_SECRET_KEY": "not-a-key"], "bus.curve.secretKey"),
            (["BUS_CURVE_SECRET_KEY": pair.secretKey, "BUS_CURVE_PUBLIC_KEY": other.publicKey], "bus.curve.publicKey"),
            (["BUS_CURVE_SECRET_KEY": pair.secretKey, "BUS_CURVE_ALLOW": "police|short|waste."], "bus.curve.allow"),
        ]
        for (environment, key) in cases {
            let settings = try await settings(environment)
            let error = #expect(throws: BusConfigurationError.self) { try ServiceRuntime.security(settings: settings) }
            #expect(error?.description.contains(key) == true)
        }
        // And an upstream without its server key cannot be reached by a secured subscriber
        let fixture = try BusFixture(name: "kit")
        defer { fixture.remove() }
        let settings = try await settings([
            "BUS_CURVE_SECRET_KEY": pair.secretKey, "BUS_SUBSCRIBE_UPSTREAMS": "tcp://127.0.0.1:1|tcp://127.0.0.1:2",
        ])
        #expect(throws: BusConfigurationError.self) {
            try ServiceRuntime(
                settings: settings, logger: fixture.logger, registry: PrometheusCollectorRegistry(),
                store: fixture.writer, handlers: EventHandlers(), context: try ZMQContext())
        }
    }

    @Test("without keys the bus stays plain")
    func plainByDefault() async throws {
        let settings = try await settings([:])
        #expect(try ServiceRuntime.security(settings: settings) == nil)
    }
}
