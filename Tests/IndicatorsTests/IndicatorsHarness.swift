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

/// Stations, times and payloads of the test world.
enum World {
    static let airA = "43020000AIR001"
    static let airB = "43020000AIR002"
    static let plant = "43020000EMI001"
    static let source = "43020000WAT001"
    static let section = "43020000WAT002"

    /// Local midnight starting `date` (Asia/Shanghai), as a UTC instant.
    static func day(_ date: String) -> Date {
        IndicatorsStore.dayStart(date) ?? Date(timeIntervalSince1970: 0)
    }

    /// The local hour `hour` of `date`.
    static func hour(_ date: String, _ hour: Int) -> Date {
        day(date).addingTimeInterval(Double(hour) * 3600)
    }

    /// Six air pollutants at low levels, with PM2.5 as given.
    static func air(pm25: String) -> [MeasurementPayload.Value] {
        [
            .init(factor: "a34004", statistic: "Avg", value: pm25, unit: "µg/m³", flag: "N"),
            .init(factor: "a34002", statistic: "Avg", value: "30", unit: "µg/m³", flag: "N"),
            .init(factor: "a21026", statistic: "Avg", value: "5", unit: "µg/m³", flag: "N"),
            .init(factor: "a21004", statistic: "Avg", value: "10", unit: "µg/m³", flag: "N"),
            .init(factor: "a21005", statistic: "Avg", value: "0.5", unit: "mg/m³", flag: "N"),
            .init(factor: "a05024", statistic: "Avg", value: "20", unit: "µg/m³", flag: "N"),
        ]
    }

    /// A measurement payload.
    static func payload(
        _ station: String, kind: String = "air", periodKind: String = "hour", at start: Date,
        _ readings: [MeasurementPayload.Value]
    ) -> MeasurementPayload {
        MeasurementPayload(
            station: station, kind: kind, st: kind == "air" ? "22" : kind == "water" ? "21" : "31",
            department: "bureau",
            periodKind: periodKind, periodStart: start, source: "hj212", readings: readings)
    }

    /// One value.
    static func value(_ factor: String, _ value: String, statistic: String = "Avg") -> MeasurementPayload.Value {
        .init(factor: factor, statistic: statistic, value: value, unit: nil, flag: "N")
    }
}

/// An indicators store over a real SQLite file in a temporary directory.
final class StoreHarness: Sendable {
    let directory: TemporaryDirectory
    let store: IndicatorsStore

    init() throws {
        directory = try TemporaryDirectory(prefix: "indicators-test")
        let pool = try DatabaseOpener.openPool(directory: directory.url, name: "indicators")
        store = try IndicatorsStore(writer: pool)
    }

    deinit {
        directory.remove()
    }

    /// Applies payloads as the subscriber would, one transaction each.
    func absorb(_ payloads: MeasurementPayload...) async throws {
        for payload in payloads {
            try await store.writer.write { db in try self.store.absorb(payload, db: db) }
        }
    }

    /// The outbox rows, oldest first.
    func outbox() throws -> [OutboxEntry] {
        try store.writer.read { db in try OutboxEntry.order(Column("sequence")).fetchAll(db) }
    }

    /// Outbox payloads of topics starting with `prefix`, decoded.
    func events<T: Decodable>(_ prefix: String, as type: T.Type) throws -> [T] {
        try outbox().filter { $0.topic.hasPrefix(prefix) }.map {
            try EventEnvelope.makeDecoder().decode(T.self, from: $0.payload)
        }
    }

    func dailyAQI(_ scope: String, _ date: String) async throws -> AQIEntry? {
        try await store.dailyAQI(scope: scope, from: date, to: date).first
    }

    func hourly(_ station: String, _ factor: String, _ hour: Date) throws -> Row? {
        try store.writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM hourly WHERE station = ? AND factor = ? AND hourStart = ?",
                arguments: [station, factor, hour])
        }
    }
}

/// An indicators application subscribed to an in-process stand-in for ingest over real ZeroMQ sockets.
final class BusHarness: Sendable {
    let upstream: BusFixture
    let publisher: EventPublisher
    let endpoints: EventPublisher.Endpoints
    let context: ZMQContext
    let directory: TemporaryDirectory
    let store: IndicatorsStore
    let settings: ServiceSettings
    let clock: LockedValue<Date>

    init(clock start: Date = Date()) throws {
        context = try ZMQContext()
        upstream = try BusFixture(name: "ingest-standin")
        publisher = upstream.publisher(source: "ingest", context: context)
        endpoints = try publisher.start()
        directory = try TemporaryDirectory(prefix: "indicators-bus")
        let pool = try DatabaseOpener.openPool(directory: directory.url, name: "indicators")
        store = try IndicatorsStore(writer: pool)
        clock = LockedValue(start)
        settings = ServiceSettings(
            service: .indicators,
            reader: ServiceConfigReader.make(values: [
                "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:*",
                "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:*",
                "BUS_SUBSCRIBE_UPSTREAMS": "\(endpoints.publish)|\(endpoints.replay)",
                "BUS_SUBSCRIBE_PREFIXES": "measurement.,waste.manifest.completed",
                "DATA_DIRECTORY": directory.url.path,
            ]))
    }

    deinit {
        publisher.stop()
        upstream.remove()
        directory.remove()
    }

    /// Publishes a measurement event from the stand-in for ingest.
    func publish(_ payload: MeasurementPayload, type: String = "measurement.batch") async throws {
        try await upstream.writer.write { db in
            _ = try Outbox(source: "ingest").enqueue(
                db, topic: "measurement.\(payload.kind).\(payload.station)", type: EventType(type), payload: payload,
                time: payload.periodStart)
        }
    }

    /// Runs the application (live HTTP on an ephemeral port) around `body`.
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "test.indicators")
        logger.logLevel = .critical
        let clock = self.clock
        let app = try buildApplication(
            settings: settings, indicators: IndicatorsSettings(offlineScanInterval: .seconds(3600)), logger: logger,
            registry: PrometheusCollectorRegistry(), store: store, context: context, now: { clock.withLock { $0 } })
        try await app.test(.live) { client in try await body(client) }
    }

    /// The indicators outbox rows, oldest first.
    func outbox() throws -> [OutboxEntry] {
        try store.writer.read { db in try OutboxEntry.order(Column("sequence")).fetchAll(db) }
    }
}

/// Sends a request and returns status and body.
func send(
    _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String? = "dev-bureau",
    json: String? = nil
) async throws -> (status: HTTPResponse.Status, body: Data) {
    var headers = HTTPFields()
    if let token { headers[.authorization] = "Bearer \(token)" }
    if json != nil { headers[.contentType] = "application/json" }
    return try await client.execute(
        uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }
    ) { response in (response.status, Data(response.body.readableBytesView)) }
}

/// Decodes a body with the bus's date format.
func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
    try EventEnvelope.makeDecoder().decode(T.self, from: data)
}
