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

@testable import Indicators

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// A started executable, killed when the test is done with it.
private final class Child: Sendable {
    let process: SpawnedProcess

    init(_ name: String, _ arguments: [String] = [], environment: [String: String]? = nil) throws {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var executable = URL(fileURLWithPath: ".build/debug/\(name)")
        while directory.path != "/" {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                executable = candidate
                break
            }
        }
        process = try SpawnedProcess(executable.path, arguments, environment: environment)
    }

    func wait(timeout: Duration) async -> Int32? {
        await process.wait(timeout: timeout)
    }
}

/// A free loopback TCP port (bind to 0, read it, close).
private func loopbackPort() -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return 0 }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

@Suite("System: greenheart simulate → ingest → indicators", .serialized)
struct SystemTests {
    @Test(
        "the facility-off scenario through the real ingest: hourly AQI for the air station, one facility breach opened and cleared"
    )
    func simulatedChain() async throws {
        // Given the real ingest executable on free ports
        let data = try TemporaryDirectory(prefix: "indicators-system-ingest")
        defer { data.remove() }
        let (http, hj212, publish, replay) = (loopbackPort(), loopbackPort(), loopbackPort(), loopbackPort())
        var environment = ProcessInfo.processInfo.environment
        environment["HTTP_PORT"] = "\(http)"
        environment["HJ212_PORT"] = "\(hj212)"
        environment["BUS_PUBLISH_ENDPOINT"] = "tcp://127.0.0.1:\(publish)"
        environment["BUS_REPLAY_ENDPOINT"] = "tcp://127.0.0.1:\(replay)"
        environment["DATA_DIRECTORY"] = data.url.path
        environment["LOG_LEVEL"] = "error"
        environment["GREENHEART_CONFIG"] = nil
        let ingest = try Child("ingest", environment: environment)
        defer { _ = ingest }
        let ready = await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            guard let url = URL(string: "http://127.0.0.1:\(http)/readyz"),
                let (_, response) = try? await URLSession.shared.data(from: url)
            else { return false }
            return (response as? HTTPURLResponse)?.statusCode == 200
        }
        try #require(ready)
        // And indicators subscribed to it
        let directory = try TemporaryDirectory(prefix: "indicators-system")
        defer { directory.remove() }
        let store = try IndicatorsStore(
            writer: try DatabaseOpener.openPool(directory: directory.url, name: "indicators"))
        let settings = ServiceSettings(
            service: .indicators,
            reader: ServiceConfigReader.make(values: [
                "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:*", "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:*",
                "BUS_SUBSCRIBE_UPSTREAMS": "tcp://127.0.0.1:\(publish)|tcp://127.0.0.1:\(replay)",
                "BUS_SUBSCRIBE_PREFIXES": "measurement.", "DATA_DIRECTORY": directory.url.path,
            ]))
        var logger = Logger(label: "test.indicators.system")
        logger.logLevel = .critical
        let start = World.hour("2026-03-10", 0)
        let app = try buildApplication(
            settings: settings, indicators: IndicatorsSettings(offlineScanInterval: .seconds(3600)), logger: logger,
            registry: PrometheusCollectorRegistry(), store: store, context: try ZMQContext(), now: { start })
        try await app.test(.live) { client in
            // When three simulated stations (air, water, emission) send a day of the facility-off scenario
            let simulate = try Child(
                "greenheart",
                [
                    "simulate", "--stations", "3", "--hours", "24", "--rate", "0", "--start", "2026031000",
                    "--scenario", "facility-off", "--target", "127.0.0.1:\(hj212)", "--api", "http://127.0.0.1:\(http)",
                    "--prefix", "IND", "--ack-timeout", "5",
                ])
            #expect(await simulate.wait(timeout: .seconds(120)) == 0)
            // Then the air station's hourly AQI is in the API
            let hourly = try await eventually(timeout: .seconds(30)) {
                let reply = try await send(client, .get, "/v1/aqi?station=INDA00000&from=2026-03-10&to=2026-03-10")
                return ((try? decode([AQIEntry].self, reply.body)) ?? []).count == 24
            }
            #expect(hourly)
            // And the emission station's treatment-off episode (12:00–21:00 while producing) gave one breach, cleared at 22:00
            let cleared = try await eventually(timeout: .seconds(30)) {
                try store.writer.read { db in
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM breach WHERE kind = 'facility_off' AND clearedAt IS NOT NULL")
                        ?? 0
                } == 1
            }
            #expect(cleared)
            let breaches = try await store.breaches(openOnly: false).filter { $0.opened?.kind == .facilityOff }
            #expect(breaches.count == 1)
            #expect(breaches.first?.opened?.openedAt == World.hour("2026-03-10", 12))
            #expect(breaches.first?.cleared?.clearedAt == World.hour("2026-03-10", 22))
            let daily = try decode(
                [AQIEntry].self,
                try await send(client, .get, "/v1/aqi?station=INDA00000&report=daily&from=2026-03-10&to=2026-03-10")
                    .body)
            #expect(daily.first?.aqi != nil)
            #expect(daily.first?.standard == "HJ633-2026")
        }
    }
}
