import CZeroMQ
import CoreMetrics
import Domain
import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Relays a service's committed outbox rows onto a PUB socket, sends heartbeats with the latest
/// sequence, and answers replay requests on a ROUTER socket — the publishing half of the bus.
///
/// Both sockets live on one dedicated thread. A commit that touches the outbox wakes the thread
/// through a transaction observer, so an event leaves as soon as, and only if, it is committed.
///
/// With `security` configured both sockets are CURVE servers whose clients the context's ZAP
/// handler admits from the allow-list; the PUB socket becomes an XPUB in manual mode, so every
/// subscription reaches this thread with its connection's department (`User-Id`) and is applied
/// only when the department's prefixes cover it, and replay answers carry only allowed topics.
public final class EventPublisher: Service, Sendable {
    /// The endpoints actually bound (ports resolved when `*` was configured).
    public struct Endpoints: Sendable, Equatable, Codable {
        /// The PUB endpoint.
        public var publish: String
        /// The replay ROUTER endpoint.
        public var replay: String
    }

    private let configuration: PublisherConfiguration
    private let writer: any DatabaseWriter
    private let context: ZMQContext
    private let logger: Logger
    private let metrics: BusMetrics
    private let state = Mutex<(thread: SocketThread?, endpoints: Endpoints?)>((nil, nil))
    private let observer: OutboxCommitObserver
    private let policy: BusAccessPolicy?

    /// Makes a publisher over `writer`, whose store must have run `BusMigrations`.
    public init(
        configuration: PublisherConfiguration,
        writer: any DatabaseWriter,
        context: ZMQContext,
        logger: Logger,
        metrics: BusMetrics
    ) {
        self.configuration = configuration
        self.writer = writer
        self.context = context
        self.logger = logger
        self.metrics = metrics
        self.observer = OutboxCommitObserver()
        self.policy = configuration.security.map { BusAccessPolicy(clients: $0.clients) }
    }

    /// The ZAP domain of this publisher's sockets.
    private var zapDomain: String { "greenheart.\(configuration.source)" }

    /// The bound endpoints, once started.
    public var endpoints: Endpoints? { state.withLock { $0.endpoints } }

    /// Binds the sockets and starts relaying; returns the bound endpoints. Idempotent.
    @discardableResult
    public func start() throws -> Endpoints {
        if let endpoints = state.withLock({ $0.endpoints }) { return endpoints }
        let bound = LockedValue<Result<Endpoints, any Error>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let thread = try SocketThread(name: "bus-publisher-\(configuration.source)") { [self] thread in
            let sockets: (pub: ZMQSocket, router: ZMQSocket)
            do {
                sockets = try openSockets()
                let endpoints = Endpoints(
                    publish: try sockets.pub.lastEndpoint(), replay: try sockets.router.lastEndpoint())
                bound.withLock { $0 = .success(endpoints) }
                ready.signal()
            } catch {
                bound.withLock { $0 = .failure(error) }
                ready.signal()
                return
            }
            defer {
                sockets.pub.close()
                sockets.router.close()
            }
            runLoop(thread: thread, pub: sockets.pub, router: sockets.router)
        }
        ready.wait()
        switch bound.withLock({ $0 }) {
        case .success(let endpoints):
            observer.wakeup = thread.wakeup
            writer.add(transactionObserver: observer, extent: .observerLifetime)
            state.withLock { $0 = (thread, endpoints) }
            logger.info(
                "bus publisher started",
                metadata: [
                    "bus.source": "\(configuration.source)", "bus.publish": "\(endpoints.publish)",
                    "bus.replay": "\(endpoints.replay)",
                ])
            return endpoints
        case .failure(let error):
            thread.stop()
            throw error
        case nil:
            thread.stop()
            throw ZMQError(code: -1, message: "publisher thread did not start", operation: "start")
        }
    }

    /// Stops relaying and closes the sockets; events still in the outbox go out after a restart.
    public func stop() {
        let thread = state.withLock { current -> SocketThread? in
            defer { current = (nil, nil) }
            return current.thread
        }
        guard let thread else { return }
        writer.remove(transactionObserver: observer)
        thread.stop()
        if policy != nil { try? context.zapHandler().remove(domain: zapDomain) }
    }

    /// Runs until graceful shutdown, for a `ServiceGroup`.
    public func run() async throws {
        try start()
        try? await gracefulShutdown()
        stop()
    }

    // MARK: - The socket thread

    private func openSockets() throws -> (pub: ZMQSocket, router: ZMQSocket) {
        let pub = try ZMQSocket(context: context, kind: policy == nil ? .pub : .xpub)
        try pub.setOption(ZMQ_SNDHWM, configuration.sendHighWaterMark)
        if let policy {
            // The ZAP handler must answer before the first client can complete a handshake.
            try context.zapHandler().allow(domain: zapDomain, clients: policy.departmentsByKey)
            try pub.setOption(ZMQ_XPUB_MANUAL, 1)
        }
        let router = try ZMQSocket(context: context, kind: .router)
        // Replay answers are bounded by the batch size; never drop part of one silently.
        try router.setOption(ZMQ_SNDHWM, 0)
        try router.setOption(ZMQ_ROUTER_MANDATORY, 1)
        if let security = configuration.security {
            for socket in [pub, router] { try BusCurve.makeServer(socket, security: security, domain: zapDomain) }
        }
        try pub.bind(configuration.publishEndpoint)
        try router.bind(configuration.replayEndpoint)
        return (pub, router)
    }

    private func runLoop(thread: SocketThread, pub: ZMQSocket, router: ZMQSocket) {
        let clock = ContinuousClock()
        var relay = Relay(publishedThrough: (try? writer.read { try OutboxState.fetch($0).publishedThrough }) ?? 0)
        var poller = ZMQPoller()
        let routerIndex = poller.add(router)
        // Only an XPUB has anything to read: the subscriptions it leaves to this thread.
        let subscriptionsIndex = policy == nil ? nil : poller.add(pub)
        let wakeIndex = poller.add(fileDescriptor: thread.wakeup.readDescriptor)
        var nextHeartbeat = clock.now
        var nextPrune = clock.now.advanced(by: .seconds(5))
        var nextPersist = clock.now
        while !thread.isStopping {
            do {
                // Wake for the next heartbeat, or sooner to record how far the relay got: that mark is
                // what a restart resumes from and what /v1/bus/status reports.
                let nextDeadline = relay.unpersisted ? min(nextHeartbeat, nextPersist) : nextHeartbeat
                try poller.poll(timeoutMilliseconds: max(0, Int(clock.now.duration(to: nextDeadline).milliseconds)))
                if poller.isReadable(wakeIndex) {
                    // Let commits that follow closely join this relay pass: one read for many events,
                    // at the price of at most a millisecond of latency.
                    Thread.sleep(forTimeInterval: 0.0005)
                    thread.wakeup.drain()
                }
                if let subscriptionsIndex, poller.isReadable(subscriptionsIndex) { try authorise(pub: pub) }
                try relayCommitted(pub: pub, relay: &relay)
                if poller.isReadable(routerIndex) { try answerRequests(router: router) }
                if clock.now >= nextHeartbeat {
                    try sendHeartbeat(pub: pub, relay: relay)
                    nextHeartbeat = clock.now.advanced(by: configuration.heartbeatInterval)
                }
                if relay.unpersisted && clock.now >= nextPersist {
                    try persist(&relay)
                    nextPersist = clock.now.advanced(by: .milliseconds(50))
                }
                if clock.now >= nextPrune {
                    try prune()
                    nextPrune = clock.now.advanced(by: configuration.pruneInterval)
                }
            } catch let error as ZMQError where error.isTerminated {
                break
            } catch {
                logger.error("bus publisher loop error", metadata: ["error": "\(error)"])
                // A failing database must not spin the thread.
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        if relay.unpersisted { try? persist(&relay) }
    }

    private struct Relay {
        var publishedThrough: Int64
        var unpersisted = false
    }

    private func relayCommitted(pub: ZMQSocket, relay: inout Relay) throws {
        while true {
            let entries = try writer.read { db in
                try Outbox.entries(db, from: relay.publishedThrough + 1, limit: 1000)
            }
            guard !entries.isEmpty else { break }
            for entry in entries {
                try pub.send(entry.frames)
                relay.publishedThrough = entry.sequence
            }
            relay.unpersisted = true
            metrics.published.increment(by: Int64(entries.count))
            if entries.count < 1000 { break }
        }
        metrics.outboxBacklog.record(0)
    }

    private func persist(_ relay: inout Relay) throws {
        let through = relay.publishedThrough
        try writer.write { db in
            try db.execute(
                sql:
                    "UPDATE \(OutboxState.databaseTableName) SET publishedThrough = MAX(publishedThrough, ?) WHERE id = 1",
                arguments: [through])
        }
        relay.unpersisted = false
    }

    private func sendHeartbeat(pub: ZMQSocket, relay: Relay) throws {
        let state = try writer.read { try OutboxState.fetch($0) }
        let heartbeat = Heartbeat(latestSequence: relay.publishedThrough, oldestSequence: state.oldestRetained)
        let encoder = EventEnvelope.makeEncoder()
        let envelope = EventEnvelope(
            id: EventID.make(), source: configuration.source, sequence: relay.publishedThrough,
            type: Heartbeat.type.name, version: Heartbeat.type.version, time: Date())
        try pub.send([
            Data(Topic.heartbeat(source: configuration.source).utf8), try encoder.encode(envelope),
            try encoder.encode(heartbeat),
        ])
        metrics.outboxBacklog.record(state.lastSequence - relay.publishedThrough)
    }

    private func prune() throws {
        let cutoff = Date().addingTimeInterval(-configuration.retention.seconds)
        let removed = try writer.write { db in try Outbox.prune(db, olderThan: cutoff) }
        if removed > 0 {
            logger.info("bus outbox pruned", metadata: ["bus.pruned": "\(removed)"])
        }
    }

    // MARK: - Authorisation

    /// Applies the pending subscriptions of an XPUB in manual mode that the sender's department may
    /// have; each must be applied before the next is read, as libzmq applies it to the last sender.
    private func authorise(pub: ZMQSocket) throws {
        guard let policy else { return }
        while let message = try pub.receiveMessage(dontWait: true) {
            guard let frame = message.frames.first, let kind = frame.first, kind == 0 || kind == 1 else { continue }
            let prefix = Array(frame.dropFirst())
            guard kind == 1 else {
                try pub.setOption(ZMQ_UNSUBSCRIBE, bytes: prefix)
                continue
            }
            let department = message.userID ?? ""
            let text = String(decoding: prefix, as: UTF8.self)
            if policy.maySubscribe(department: department, to: text) {
                try pub.setOption(ZMQ_SUBSCRIBE, bytes: prefix)
            } else {
                metrics.subscriptionsDenied.increment()
                logger.warning(
                    "bus subscription refused: not on the department's allow-list",
                    metadata: ["bus.department": "\(department)", "bus.prefix": "\(text)"])
            }
        }
    }

    // MARK: - Replay

    private func answerRequests(router: ZMQSocket) throws {
        var handled = 0
        while handled < 64, let received = try router.receiveMessage(dontWait: true) {
            handled += 1
            let message = received.frames
            guard message.count >= 2 else { continue }
            let identity = message[0]
            let command = String(decoding: message[1], as: UTF8.self)
            let body = message.count > 2 ? message[2] : Data()
            do {
                for reply in try answer(command: command, body: body, department: received.userID) {
                    try router.send([identity] + reply)
                }
            } catch let error as ZMQError where error.code == EHOSTUNREACH {
                // The requester went away mid-answer; it will ask again.
                continue
            }
        }
    }

    /// Builds the answer frames (without the routing identity) for one request from `department`
    /// (the connection's ZAP user id; only consulted when the publisher is secured).
    func answer(command: String, body: Data, department: String? = nil) throws -> [[Data]] {
        let encoder = EventEnvelope.makeEncoder()
        let decoder = EventEnvelope.makeDecoder()
        let source = configuration.source
        switch command {
        case ReplayProtocol.status:
            let request = (try? decoder.decode(StatusRequest.self, from: body))?.request ?? ""
            let state = try writer.read { try OutboxState.fetch($0) }
            let status = ReplayStatus(
                request: request, source: source, latest: state.lastSequence, oldest: state.oldestRetained)
            return [[Data(ReplayProtocol.status.utf8), try encoder.encode(status)]]
        case ReplayProtocol.replay:
            guard let request = try? decoder.decode(ReplayRequest.self, from: body) else {
                return [try failure(code: "bad_request", message: "REPLAY body is not a replay request", request: nil)]
            }
            return try replay(request, department: department ?? "")
        default:
            return [try failure(code: "bad_request", message: "unknown command '\(command)'", request: nil)]
        }
    }

    private func replay(_ request: ReplayRequest, department: String) throws -> [[Data]] {
        let policy = self.policy
        let from = max(request.from, 1)
        let limit = min(max(request.limit, 1), ReplayProtocol.maximumBatch)
        let encoder = EventEnvelope.makeEncoder()
        let source = configuration.source
        // One read transaction: the answer is a consistent snapshot of the outbox.
        return try writer.read { db -> [[Data]] in
            let state = try OutboxState.fetch(db)
            if from <= state.prunedThrough {
                return [
                    try failure(
                        code: "sequence_pruned",
                        message:
                            "sequence \(from) is older than retention; the oldest retained is \(state.oldestRetained)",
                        request: request.request, state: state)
                ]
            }
            var frames: [[Data]] = []
            var next = from
            var through = from - 1
            var scanned = 0
            scanning: while scanned < 20 * ReplayProtocol.maximumBatch {
                let entries = try Outbox.entries(db, from: next, limit: ReplayProtocol.maximumBatch)
                for entry in entries {
                    scanned += 1
                    let wanted = request.prefixes.isEmpty || Topic.matches(entry.topic, prefixes: request.prefixes)
                    let allowed = policy?.mayReceive(department: department, topic: entry.topic) ?? true
                    if wanted && allowed {
                        frames.append(
                            [Data(ReplayProtocol.event.utf8), Data(request.request.utf8)] + entry.frames)
                    }
                    through = entry.sequence
                    if frames.count >= limit { break scanning }
                }
                guard let last = entries.last, entries.count == ReplayProtocol.maximumBatch else {
                    // The outbox is exhausted: the answer covers everything committed.
                    through = max(through, state.lastSequence)
                    break
                }
                next = last.sequence + 1
            }
            metrics.replayServed.increment(by: Int64(frames.count))
            let end = ReplayEnd(
                request: request.request, source: source, from: from, through: through, count: frames.count,
                latest: state.lastSequence, oldest: state.oldestRetained)
            frames.append([Data(ReplayProtocol.end.utf8), try encoder.encode(end)])
            return frames
        }
    }

    private func failure(code: String, message: String, request: String?, state: OutboxState? = nil) throws -> [Data] {
        let state = try state ?? writer.read { try OutboxState.fetch($0) }
        let failure = ReplayFailure(
            code: code, message: message, request: request, source: configuration.source,
            latest: state.lastSequence, oldest: state.oldestRetained)
        return [Data(ReplayProtocol.error.utf8), try EventEnvelope.makeEncoder().encode(failure)]
    }
}

/// Wakes the publisher's thread after every commit that wrote to the outbox.
private final class OutboxCommitObserver: TransactionObserver, @unchecked Sendable {
    // Set once before the observer is registered, read only by GRDB's writer afterwards.
    var wakeup: WakeupPipe?
    private var touched = false

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == OutboxEntry.databaseTableName
    }

    func databaseDidChange(with event: DatabaseEvent) {
        touched = true
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        if touched { wakeup?.signal() }
        touched = false
    }

    func databaseDidRollback(_ db: Database) {
        touched = false
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
