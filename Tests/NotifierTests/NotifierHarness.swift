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

@testable import Notifier

/// The test world: times, incidents and a directory.
enum World {
    /// Monday 2 March 2026, 10:00 in Zhuzhou.
    static let start = BusTime.parse("2026-03-02T02:00:00Z") ?? Date()

    /// An incident change for `recipients`.
    static func incident(
        _ action: IncidentEvent.Action = .opened, id: Int64 = 1, type: String = "emission_exceedance",
        level: String = "III", county: String? = "430202", recipients: [String] = ["bureau"]
    ) -> IncidentEvent {
        IncidentEvent(
            action: action, incidentId: id, type: type, level: level, previousLevel: nil, levelScheme: "sudden",
            headline: "株洲冶炼厂 二氧化硫超标", instructions: "核查排放口",
            scope: .init(
                kind: "station", id: "430200001", name: "株洲冶炼厂", county: county),
            active: true, acknowledged: false, responding: false, closed: false, responsible: ["bureau"],
            informed: ["police"], recipients: recipients, escalationStep: 0, assignee: nil, actor: "system",
            note: nil, acknowledgeBy: nil, reportDueBy: nil, openedAt: start, at: start, evidenceCount: 1,
            links: [.init(rel: "incident", href: "/v1/incidents/\(id)")])
    }

    /// A directory: the bureau's webhook takes every incident, police's only level I–II in 430202.
    static func directory(bureauURL: String = "http://127.0.0.1:9/hook", policeURL: String = "http://127.0.0.1:9/p")
        -> NotifierDirectory
    {
        NotifierDirectory(departments: [
            .init(
                id: "bureau", name: "株洲市生态环境局",
                contacts: [
                    .init(id: 1, name: "王芳", role: "值班", phone: "+8613800000000", email: "duty@bureau.example")
                ],
                channels: [.init(id: "bureau-hook", kind: "webhook", target: bureauURL, secret: "s3cret")],
                subscriptions: [.init(id: "bureau-all", channel: "bureau-hook", topicPrefix: "emergency.incident.")]),
            .init(
                id: "police", name: "株洲市公安局",
                channels: [.init(id: "police-hook", kind: "webhook", target: policeURL, secret: nil)],
                subscriptions: [
                    .init(
                        id: "police-severe", channel: "police-hook", topicPrefix: "emergency.incident.",
                        levels: ["I", "II"], counties: ["430202"])
                ]),
        ])
    }
}

/// A notifier store over a real SQLite file in a temporary directory, with a movable clock.
final class Harness: Sendable {
    let directory: TemporaryDirectory
    let store: NotifierStore
    let clock: LockedValue<Date>

    init(links: MessageLinks = MessageLinks()) throws {
        directory = try TemporaryDirectory(prefix: "notifier-test")
        let clock = LockedValue(World.start)
        self.clock = clock
        store = try Self.open(directory: directory, clock: clock, links: links)
    }

    /// Opens a store over the harness's file (a second opening stands in for a restarted process).
    static func open(
        directory: TemporaryDirectory, clock: LockedValue<Date>, links: MessageLinks = MessageLinks()
    ) throws -> NotifierStore {
        try NotifierStore(
            writer: try DatabaseOpener.openPool(directory: directory.url, name: "notifier"), links: links,
            now: { clock.withLock { $0 } })
    }

    deinit { directory.remove() }

    /// Moves the clock on.
    func advance(seconds: Double) { clock.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// The current test time.
    var now: Date { clock.withLock { $0 } }

    /// Delivers an incident event, as the bus handler does.
    func incident(_ incident: IncidentEvent, eventId: String = UUID().uuidString.lowercased()) async throws {
        let store = self.store
        try await store.writer.write { db in
            try store.enqueue(
                db, notificationId: eventId, topic: "emergency.incident.\(incident.action.rawValue)",
                incident: incident)
        }
    }

    /// A worker over `store` with a fixed jitter (no spread) and a 1 s backoff base.
    func worker(
        store: NotifierStore? = nil, maxAttempts: Int = 5, timeout: Duration = .seconds(5), smtpPort: Int = 1,
        smsURL: String = "http://127.0.0.1:1/sms"
    ) -> DeliveryWorker {
        var settings = NotifierSettings(webhookTimeout: timeout)
        settings.smtpPort = smtpPort
        settings.smsURL = smsURL
        return DeliveryWorker(
            store: store ?? self.store, senders: settings.senders(store: store ?? self.store),
            policy: RetryPolicy(base: .seconds(1), cap: .seconds(60), maxAttempts: maxAttempts, jitter: { 1 }),
            interval: .seconds(3600), now: { [clock] in clock.withLock { $0 } }, logger: Self.logger)
    }

    /// A quiet logger (set `GREENHEART_TEST_LOG` to see it).
    static var logger: Logger {
        var logger = Logger(label: "test.notifier")
        logger.logLevel = ProcessInfo.processInfo.environment["GREENHEART_TEST_LOG"] == nil ? .critical : .debug
        return logger
    }

    /// Checks every CAP document the store produced against the CAP 1.2 schema with xmllint.
    func expectValidCAP(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for alert in try await store.capAlerts(limit: 1000) {
            let (status, output) = try xmllint(alert.xml)
            #expect(status == 0, "\(alert.identifier): \(output)", sourceLocation: sourceLocation)
        }
    }

    /// Every delivery, oldest first.
    func deliveries() async throws -> [Delivery] {
        try await store.writer.read { db in try Delivery.order(Column("id")).fetchAll(db) }
    }

    /// The notifier's own events in its outbox, oldest first, as (type, payload).
    func events() async throws -> [(String, NotificationOutcomeEvent)] {
        try await store.writer.read { db in
            try OutboxEntry.order(Column("sequence")).fetchAll(db).map {
                ($0.type, try EventEnvelope.makeDecoder().decode(NotificationOutcomeEvent.self, from: $0.payload))
            }
        }
    }

    /// The test settings, subscribed to `upstreams` for `prefixes`.
    func settings(upstreams: [EventPublisher.Endpoints] = [], prefixes: [String] = []) -> ServiceSettings {
        var values = [
            "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:*", "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:*",
            "BUS_HEARTBEAT_MILLISECONDS": "100", "HTTP_PORT": "0", "DATA_DIRECTORY": directory.url.path,
            "BUS_SUBSCRIBE_UPSTREAMS": upstreams.map { "\($0.publish)|\($0.replay)" }.joined(separator: ","),
        ]
        if !prefixes.isEmpty { values["BUS_SUBSCRIBE_PREFIXES"] = prefixes.joined(separator: ",") }
        return ServiceSettings(service: .notifier, reader: ServiceConfigReader.make(values: values))
    }

    /// Runs `body` against the application: `.router` for HTTP only, `.live` with the bus and the
    /// delivery worker subscribed to `upstreams` for `prefixes`.
    func withApp(
        _ mode: TestingSetup = .router, upstreams: [EventPublisher.Endpoints] = [], prefixes: [String] = [],
        notifier: NotifierSettings = NotifierSettings(deliveryInterval: .seconds(3600)),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var logger = Logger(label: "test.notifier")
        logger.logLevel = ProcessInfo.processInfo.environment["GREENHEART_TEST_LOG"] == nil ? .critical : .debug
        let app = try buildApplication(
            settings: settings(upstreams: upstreams, prefixes: prefixes), notifier: notifier, logger: logger,
            registry: PrometheusCollectorRegistry(), store: store, context: try ZMQContext())
        try await app.test(mode) { client in try await body(client) }
    }
}

/// What a test webhook receiver saw: each request's idempotency key, signature and body.
struct ReceivedRequest: Sendable {
    let key: String?
    let signature: String?
    let body: Data
}

/// A real HTTP receiver on 127.0.0.1 that answers from a script of statuses (the last repeats) and,
/// like a receiver that honours the key, acts only on the first successful request per key.
final class Receiver: Sendable {
    let statuses: [Int]
    let delay: Duration
    let requests = LockedValue<[ReceivedRequest]>([])
    let effected = LockedValue<[String]>([])

    init(statuses: [Int], delay: Duration = .zero) {
        self.statuses = statuses
        self.delay = delay
    }

    /// Runs `body` with the receiver's base URL while it listens.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            var copy = request
            let buffer = try await copy.collectBody(upTo: 1024 * 1024)
            let received = ReceivedRequest(
                key: header("Idempotency-Key", in: request.headers),
                signature: header("X-Greenheart-Signature", in: request.headers),
                body: Data(buffer.readableBytesView))
            let index = self.requests.withLock {
                $0.append(received)
                return $0.count - 1
            }
            if self.delay > .zero { try await Task.sleep(for: self.delay) }
            let status = self.statuses[min(index, self.statuses.count - 1)]
            if (200..<300).contains(status), let key = received.key {
                self.effected.withLock { if !$0.contains(key) { $0.append(key) } }
            }
            return Response(status: .init(code: status))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw HarnessError("receiver has no port") }
            try await body("http://127.0.0.1:\(port)/hook")
        }
    }
}

/// A failure of the harness itself.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Bearer headers of the development tokens.
func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

/// Decodes a response body.
func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
    try EventEnvelope.makeDecoder().decode(T.self, from: Data(buffer.readableBytesView))
}

/// The value of header `name` in `fields`.
func header(_ name: String, in fields: HTTPFields) -> String? {
    fields.first { $0.name.canonicalName == name.lowercased() }?.value
}
