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

@testable import Emergency

/// The test world: a city, stations and times.
enum World {
    /// Zhuzhou.
    static let city = "430200"
    /// Monday 2 March 2026, 10:00 in Zhuzhou.
    static let start = BusTime.parse("2026-03-02T02:00:00Z") ?? Date()

    /// A breach payload.
    static func breach(
        _ id: String, kind: BreachEvent.Kind = .emissionExceedance, scope: String = "430200001",
        scopeKind: String = "station", at: Date = start, cleared: Bool = false
    ) -> BreachEvent {
        BreachEvent(
            breachId: id, ruleId: "rule-\(kind.rawValue)", ruleName: "\(kind.rawValue) rule", kind: kind,
            severity: "critical",
            scope: BreachEvent.Scope(kind: scopeKind, id: scope, name: "Site \(scope)", county: "430202"),
            factor: "a21026", comparator: ">", limit: "100", unit: "mg/m³", window: "1h", standard: "permit",
            evidence: [BreachEvent.Evidence(time: at, factor: "a21026", value: "150", unit: "mg/m³")], openedAt: at,
            clearedAt: cleared ? at : nil)
    }

    /// A city daily AQI payload.
    static func day(_ date: String, _ aqi: Int?, forecast: Bool = false) -> CityDailyAQIEvent {
        CityDailyAQIEvent(
            city: city, date: date, aqi: aqi, level: nil, primaryPollutants: ["PM2.5"], forecast: forecast,
            standard: "HJ 633—2026", revised: false)
    }

    /// A manifests anomaly payload, shaped like manifests' `AnomalyEvent`.
    static func anomaly(_ id: Int64, medical: Bool = false, resolved: Bool = false) -> [String: Any] {
        func party(_ uscc: String, _ name: String) -> [String: Any] {
            ["uscc": uscc, "name": name, "county": "430202"]
        }
        var payload: [String: Any] = [
            "id": id, "kind": "transit_too_long", "detectedAt": "2026-03-02T02:00:00.000Z",
            "detail": "in transit for 80 h (limit 72 h)",
            "manifest": [
                "number": "43020026030200\(id)", "kind": "ordinary", "state": "in_transit", "version": 3,
                "consignor": party("91430200000000001X", "株洲冶炼厂"), "carrier": party("91430200000000003X", "株洲危货运输公司"),
                "receiver": party("91430200000000004X", "株洲危废处置中心"), "medical": medical,
                "codes": medical ? ["841-001-01"] : ["900-041-49"], "lines": [], "plannedTonnes": "1.5",
                "createdAt": "2026-02-27T02:00:00.000Z",
            ] as [String: Any],
        ]
        if resolved {
            payload["resolvedAt"] = "2026-03-02T06:00:00.000Z"
            payload["resolvedBy"] = "bureau"
            payload["resolutionNote"] = "vehicle located"
        }
        return payload
    }
}

/// An emergency store over a real SQLite file in a temporary directory, with a movable clock.
final class Harness: Sendable {
    let directory: TemporaryDirectory
    let store: EmergencyStore
    let clock: LockedValue<Date>

    init() throws {
        directory = try TemporaryDirectory(prefix: "emergency-test")
        let clock = LockedValue(World.start)
        self.clock = clock
        store = try EmergencyStore(
            writer: try DatabaseOpener.openPool(directory: directory.url, name: "emergency"),
            now: { clock.withLock { $0 } })
    }

    deinit { directory.remove() }

    /// Moves the clock on.
    func advance(seconds: Double) { clock.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// The current test time.
    var now: Date { clock.withLock { $0 } }

    /// Delivers a breach opened (or cleared), as its handler does.
    func breach(_ breach: BreachEvent, cleared: Bool = false) async throws {
        let store = self.store
        try await store.writer.write { db in
            if cleared {
                try store.breachCleared(db, breach, at: breach.clearedAt ?? breach.openedAt)
            } else {
                try store.breachOpened(db, breach, at: breach.openedAt)
            }
        }
    }

    /// Delivers a city daily AQI, as its handler does.
    func day(_ day: CityDailyAQIEvent) async throws {
        let store = self.store
        try await store.writer.write { db in try store.cityDailyAQI(db, day, at: World.start) }
    }

    /// Delivers a waste anomaly through JSON, as its handler decodes it.
    func anomaly(_ payload: [String: Any], resolved: Bool = false) async throws {
        let anomaly = try EventEnvelope.makeDecoder().decode(
            WasteAnomaly.self, from: try JSONSerialization.data(withJSONObject: payload))
        let store = self.store
        try await store.writer.write { db in try store.wasteAnomaly(db, anomaly, resolved: resolved, at: World.start) }
    }

    /// Every incident, oldest first.
    func incidents() async throws -> [Incident] {
        try await store.writer.read { db in try Incident.order(Column("id")).fetchAll(db) }
    }

    /// Emergency's own events in its outbox, oldest first.
    func events() async throws -> [IncidentEvent] {
        try await store.writer.read { db in
            try OutboxEntry.order(Column("sequence")).fetchAll(db).map {
                try EventEnvelope.makeDecoder().decode(IncidentEvent.self, from: $0.payload)
            }
        }
    }

    /// The test settings, listening to `upstreams`.
    func settings(upstreams: [Upstream] = []) -> ServiceSettings {
        let values = [
            "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:*", "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:*",
            "BUS_HEARTBEAT_MILLISECONDS": "100", "HTTP_PORT": "0", "DATA_DIRECTORY": directory.url.path,
            "BUS_SUBSCRIBE_UPSTREAMS": upstreams.map { "\($0.publish)|\($0.replay)" }.joined(separator: ","),
        ]
        return ServiceSettings(service: .emergency, reader: ServiceConfigReader.make(values: values))
    }

    /// Runs `body` against the application: `.router` for HTTP only, `.live` with the bus and timers.
    func withApp(
        _ mode: TestingSetup = .router, upstreams: [Upstream] = [], timer: Duration = .seconds(3600),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var logger = Logger(label: "test.emergency")
        logger.logLevel = ProcessInfo.processInfo.environment["GREENHEART_TEST_LOG"] == nil ? .critical : .debug
        let context = try ZMQContext()
        let app = try buildApplication(
            settings: settings(upstreams: upstreams), emergency: EmergencySettings(timerInterval: timer),
            logger: logger,
            registry: PrometheusCollectorRegistry(), store: store, context: context)
        try await app.test(mode) { client in try await body(client) }
    }
}

/// A failure of the harness itself.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Bearer headers of the development tokens.
func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

/// A JSON body.
func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

/// Decodes a response body.
func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
    try EventEnvelope.makeDecoder().decode(T.self, from: Data(buffer.readableBytesView))
}

/// An upstream publisher standing in for indicators or manifests: a real store and real sockets.
final class FakeUpstream: Sendable {
    let fixture: BusFixture
    let publisher: EventPublisher
    let endpoints: EventPublisher.Endpoints
    let source: String

    init(source: String, context: ZMQContext) throws {
        self.source = source
        fixture = try BusFixture(name: source)
        publisher = fixture.publisher(source: source, context: context)
        endpoints = try publisher.start()
    }

    /// Publishes one event through the outbox.
    func publish(topic: String, type: String, payload: some Encodable & Sendable, time: Date = World.start) async throws
    {
        _ = try await fixture.writer.write { db in
            try Outbox(source: self.source).enqueue(
                db, topic: topic, type: EventType(type), payload: payload, time: time)
        }
    }

    /// Publishes raw JSON.
    func publish(topic: String, type: String, json: [String: Any], time: Date = World.start) async throws {
        let data = try JSONSerialization.data(withJSONObject: json)
        try await publish(topic: topic, type: type, payload: RawJSON(data: data), time: time)
    }

    func close() {
        publisher.stop()
        fixture.remove()
    }
}

/// Pre-encoded JSON that encodes as itself.
struct RawJSON: Encodable, Sendable {
    let data: Data
    func encode(to encoder: any Encoder) throws {
        let object = try JSONDecoder().decode(JSONValue.self, from: data)
        try object.encode(to: encoder)
    }
}

/// Any JSON value.
enum JSONValue: Codable, Sendable {
    case string(String), number(Double), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
