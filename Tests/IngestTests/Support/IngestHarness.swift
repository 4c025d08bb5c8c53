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

@testable import Ingest

/// A running `ingest` built in-process over a real SQLite file in a temporary directory, with its
/// HJ 212 listener on an ephemeral loopback port and its bus on ephemeral ports.
struct IngestHarness {
    /// The store.
    let store: IngestStore
    /// The directory of the SQLite file.
    let directory: TemporaryDirectory
    /// The ZeroMQ context.
    let context: ZMQContext
    /// The open device connections.
    let connections: ConnectionRegistry
    /// The bound HJ 212 port, once listening.
    let port: LockedValue<Int>

    /// Makes a fresh store.
    init() throws {
        directory = try TemporaryDirectory(prefix: "greenheart-ingest-test")
        store = try IngestStore(writer: try DatabaseOpener.openPool(directory: directory.url, name: "ingest"))
        context = try ZMQContext()
        connections = ConnectionRegistry()
        port = LockedValue(0)
    }

    /// Builds the application and runs `body` against it with a router test client and the HJ 212 port.
    func run(
        idleTimeout: Int64 = 30, globalLenient: HJ212Options = [],
        _ body: @Sendable (any TestClientProtocol, Int) async throws -> Void
    ) async throws {
        let reader = ServiceConfigReader.make(values: [
            "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:*", "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:*",
            "BUS_HEARTBEAT_MILLISECONDS": "100", "DATA_DIRECTORY": directory.url.path,
        ])
        let settings = ServiceSettings(service: .ingest, reader: reader)
        var logger = Logger(label: "test.ingest")
        logger.logLevel = ProcessInfo.processInfo.environment["GREENHEART_TEST_LOG"] == nil ? .critical : .debug
        let port = self.port
        let app = try buildApplication(
            settings: settings,
            hj212: HJ212ServerConfiguration(
                host: "127.0.0.1", port: 0, idleTimeout: .seconds(idleTimeout), globalOptions: globalLenient),
            logger: logger, registry: PrometheusCollectorRegistry(), store: store, context: context,
            connections: connections, onListening: { bound in port.withLock { $0 = bound } })
        try await app.test(.router) { client in
            let listening = await eventually { port.withLock { $0 } != 0 }
            guard listening else { throw HarnessError("the HJ 212 listener did not start") }
            try await body(client, port.withLock { $0 })
        }
    }

    /// Removes the directory.
    func remove() {
        directory.remove()
    }

    /// Registers a station directly in the store.
    func register(
        mn: String = "430200A0001", password: String = "123456", kind: StationKind = .air, st: String = "22",
        department: String = "bureau", timeZone: String = "Asia/Shanghai", enabled: Bool = true, lenient: [String] = []
    ) async throws {
        let now = Date()
        try await store.createStation(
            Station(
                mn: mn, password: password, name: "Station \(mn)", kind: kind, st: st, longitude: 113.13,
                latitude: 27.83,
                county: "Tianyuan", department: department, timeZone: timeZone, enabled: enabled,
                lenientOptions: lenient.joined(separator: ","), createdAt: now, updatedAt: now))
    }

    /// Every stored reading.
    func readings() throws -> [Reading] {
        try store.writer.read { try Reading.order(Column("id")).fetchAll($0) }
    }

    /// Every raw packet.
    func packets() throws -> [RawPacket] {
        try store.writer.read { try RawPacket.order(Column("id")).fetchAll($0) }
    }

    /// Every outbox event (topic, type, payload).
    func events() throws -> [(topic: String, type: String, payload: MeasurementEvent)] {
        try store.writer.read { db in
            try OutboxEntry.order(Column("sequence")).fetchAll(db).map { entry in
                (
                    entry.topic, entry.type,
                    try EventEnvelope.makeDecoder().decode(MeasurementEvent.self, from: entry.payload)
                )
            }
        }
    }
}

/// A harness failure.
struct HarnessError: Error, CustomStringConvertible {
    /// What failed.
    let description: String

    /// Makes an error.
    init(_ description: String) { self.description = description }
}

/// Auth headers for the development tokens.
enum Tokens {
    /// `dev-bureau`, admin.
    static let admin: HTTPFields = [.authorization: "Bearer dev-bureau"]
    /// `dev-emergency`, operator of `emergency`.
    static let emergencyOperator: HTTPFields = [.authorization: "Bearer dev-emergency"]
    /// `dev-transport`, viewer.
    static let viewer: HTTPFields = [.authorization: "Bearer dev-transport"]

    /// Headers with a JSON content type added.
    static func json(_ base: HTTPFields) -> HTTPFields {
        var headers = base
        headers[.contentType] = "application/json"
        return headers
    }
}
