import CZeroMQ
import CoreMetrics
import Domain
import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// The subscribing half of the bus: applies every event of its topics exactly once, in each
/// source's order, recording (source, sequence) in the same transaction as the handler's effect.
///
/// Live events arrive on a SUB socket; whenever the next expected sequence is not what arrives —
/// after a restart, a drop at a high-water mark, a lost tail announced by a heartbeat — the missing
/// range is fetched from the publisher's replay endpoint. A handler that keeps failing has its
/// event dead-lettered, so one poison event never blocks the stream.
public final class EventSubscriber: Service, Sendable {
    /// What the subscriber knows of one upstream, for health and status pages.
    public struct UpstreamStatus: Sendable, Codable, Equatable {
        /// The configured PUB endpoint.
        public var publish: String
        /// The source name the publisher announced, once it answered.
        public var source: String?
        /// The last sequence accounted for.
        public var applied: Int64
        /// The latest sequence the publisher announced.
        public var latest: Int64
        /// Whether the publisher has answered at least once.
        public var connected: Bool
    }

    private let configuration: SubscriberConfiguration
    private let writer: any DatabaseWriter
    private let handlers: EventHandlers
    private let context: ZMQContext
    private let logger: Logger
    private let metrics: BusMetrics
    private let thread = Mutex<SocketThread?>(nil)
    private let snapshot = Mutex<[UpstreamStatus]>([])

    /// Makes a subscriber applying `handlers` into `writer`, whose store must have run `BusMigrations`.
    public init(
        configuration: SubscriberConfiguration,
        handlers: EventHandlers,
        writer: any DatabaseWriter,
        context: ZMQContext,
        logger: Logger,
        metrics: BusMetrics
    ) {
        self.configuration = configuration
        self.handlers = handlers
        self.writer = writer
        self.context = context
        self.logger = logger
        self.metrics = metrics
        snapshot.withLock {
            $0 = configuration.upstreams.map {
                UpstreamStatus(publish: $0.publish, source: nil, applied: 0, latest: 0, connected: false)
            }
        }
    }

    /// The state of every upstream.
    public var status: [UpstreamStatus] { snapshot.withLock { $0 } }

    /// Whether the subscriber's thread is running.
    public var isRunning: Bool { thread.withLock { $0 != nil } }

    /// Connects and starts applying events. Idempotent.
    public func start() throws {
        try thread.withLock { current in
            guard current == nil else { return }
            current = try SocketThread(name: "bus-subscriber-\(configuration.name)") { [self] thread in
                do {
                    var loop = try SubscriberLoop(owner: self, thread: thread)
                    loop.run()
                } catch {
                    logger.error("bus subscriber could not start", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Disconnects; whatever was not applied is fetched again after the next start.
    public func stop() {
        let current = thread.withLock { current -> SocketThread? in
            defer { current = nil }
            return current
        }
        current?.stop()
    }

    /// Runs until graceful shutdown, for a `ServiceGroup`.
    public func run() async throws {
        try start()
        try? await gracefulShutdown()
        stop()
    }

    /// Runs a dead-lettered event's handler again; true when it applied this time.
    public func retryDeadLetter(id: Int64) throws -> Bool {
        try writer.write { db -> Bool in
            guard var letter = try DeadLetter.fetchOne(db, key: id), letter.status == .open,
                let topic = letter.topic, let envelopeData = letter.envelope, let payload = letter.payload
            else { return false }
            guard case .success(let event) = BusEvent.parse([Data(topic.utf8), envelopeData, payload]) else {
                return false
            }
            letter.attempts += 1
            letter.lastFailedAt = Date()
            do {
                guard let handler = handlers.handler(for: event.envelope.type) else {
                    throw SubscriberError.noHandler(event.envelope.type)
                }
                try db.withSavepoint { try handler(event, db) }
                letter.status = .retried
                try letter.update(db)
                try InboxEntry(
                    source: event.envelope.source, sequence: event.envelope.sequence, eventId: event.envelope.id,
                    topic: event.topic, type: event.envelope.type, outcome: .applied, appliedAt: Date()
                ).upsert(db)
                return true
            } catch {
                letter.error = "\(error)"
                try letter.update(db)
                return false
            }
        }
    }

    // MARK: - Applying

    fileprivate var subscriberConfiguration: SubscriberConfiguration { configuration }
    fileprivate var subscriberContext: ZMQContext { context }
    fileprivate var subscriberLogger: Logger { logger }
    fileprivate var subscriberMetrics: BusMetrics { metrics }
    fileprivate var subscriberWriter: any DatabaseWriter { writer }

    fileprivate func publish(status: [UpstreamStatus]) {
        snapshot.withLock { $0 = status }
    }

    /// Applies `events` of one source in order and moves its cursor to at least `advanceTo`;
    /// returns the new cursor. Handler failures are retried with backoff, then dead-lettered.
    fileprivate func apply(
        _ events: [BusEvent], source: String, advanceTo: Int64, isStopping: () -> Bool
    ) throws -> Int64 {
        /// Thrown out of an unguarded transaction so that it rolls back whole.
        struct UnguardedFailure: Error {}
        var index = 0
        var cursor: Int64 = 0
        // Handlers run without a savepoint each until one fails: a savepoint costs two statements per
        // event, and failures are rare. A failure rolls the whole transaction back, and the same
        // events are applied again with a savepoint around each, so the failing one is isolated.
        var guarded = false
        while true {
            let first = index
            // Fast path: as many events as possible in one transaction, stopping at a failure.
            let outcome: (cursor: Int64, failed: (any Error)?, applied: Int, duplicates: Int, unknown: [BusEvent])
            do {
                outcome = try writer.write { db in
                    var cursor = try BusCursor.position(db, source: source)
                    var failure: (any Error)?
                    var (applied, duplicates, unknown) = (0, 0, [BusEvent]())
                    while index < events.count {
                        let event = events[index]
                        guard event.envelope.sequence > cursor else {
                            duplicates += 1
                            index += 1
                            continue
                        }
                        guard let handler = handlers.handler(for: event.envelope.type) else {
                            try deadLetter(
                                db, event, error: SubscriberError.noHandler(event.envelope.type), attempts: 0,
                                counted: false)
                            unknown.append(event)
                            cursor = event.envelope.sequence
                            index += 1
                            continue
                        }
                        if guarded {
                            do {
                                try db.withSavepoint { try handler(event, db) }
                            } catch {
                                failure = error
                                break
                            }
                        } else {
                            do { try handler(event, db) } catch { throw UnguardedFailure() }
                        }
                        try record(db, event, outcome: .applied)
                        applied += 1
                        cursor = event.envelope.sequence
                        index += 1
                    }
                    if failure == nil { cursor = max(cursor, advanceTo) }
                    try BusCursor.advance(db, source: source, to: cursor)
                    return (cursor, failure, applied, duplicates, unknown)
                }
            } catch is UnguardedFailure {
                index = first
                guarded = true
                continue
            }
            // Counted once committed, so a transaction applied twice is not counted twice.
            if outcome.applied > 0 { metrics.delivered.increment(by: Int64(outcome.applied)) }
            if outcome.duplicates > 0 { metrics.duplicatesDropped.increment(by: Int64(outcome.duplicates)) }
            for event in outcome.unknown {
                metrics.badMessage(.unknownType)
                metrics.deadLettered.increment()
                logger.warning(
                    "no handler for event type; dead-lettered",
                    metadata: ["event.type": "\(event.envelope.type)", "event.topic": "\(event.topic)"])
            }
            cursor = outcome.cursor
            guard let failure = outcome.failed else { return cursor }
            // Slow path: retry the failing event alone, outside any transaction while waiting.
            guard try retry(events[index], source: source, firstError: failure, isStopping: isStopping) else {
                return cursor
            }
            index += 1
        }
    }

    /// Retries one event with backoff; dead-letters it after the limit. False when stopping.
    private func retry(
        _ event: BusEvent, source: String, firstError: any Error, isStopping: () -> Bool
    ) throws -> Bool {
        var lastError = firstError
        var backoff = configuration.initialBackoff
        var attempt = 1
        while attempt < configuration.maxAttempts {
            logger.warning(
                "event handler failed; retrying",
                metadata: [
                    "event.type": "\(event.envelope.type)", "event.sequence": "\(event.envelope.sequence)",
                    "bus.attempt": "\(attempt)", "error": "\(lastError)",
                ])
            Thread.sleep(forTimeInterval: backoff.seconds)
            if isStopping() { return false }
            backoff = min(backoff * 2, configuration.maxBackoff)
            attempt += 1
            let handler = handlers.handler(for: event.envelope.type)
            let error = try writer.write { db -> (any Error)? in
                do {
                    try db.withSavepoint { try handler?(event, db) }
                } catch {
                    return error
                }
                try record(db, event, outcome: .applied)
                try BusCursor.advance(db, source: source, to: event.envelope.sequence)
                return nil
            }
            guard let error else {
                metrics.delivered.increment()
                return true
            }
            lastError = error
        }
        logger.error(
            "event dead-lettered after repeated handler failures",
            metadata: [
                "event.type": "\(event.envelope.type)", "event.sequence": "\(event.envelope.sequence)",
                "event.id": "\(event.envelope.id)", "error": "\(lastError)",
            ])
        try writer.write { db in
            try deadLetter(db, event, error: lastError, attempts: attempt)
            try BusCursor.advance(db, source: source, to: event.envelope.sequence)
        }
        return true
    }

    private func record(_ db: Database, _ event: BusEvent, outcome: InboxEntry.Outcome) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO \(InboxEntry.databaseTableName)
                (source, sequence, eventId, topic, type, outcome, appliedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            event.envelope.source, event.envelope.sequence, event.envelope.id, event.topic, event.envelope.type,
            // The text GRDB would store for the date, written without its formatter.
            outcome.rawValue, BusTime.formatDatabase(Date()),
        ])
    }

    /// Records `event` as dead-lettered; `counted: false` leaves the metric to a caller that counts
    /// only once its transaction has committed.
    private func deadLetter(_ db: Database, _ event: BusEvent, error: any Error, attempts: Int, counted: Bool = true)
        throws
    {
        let now = Date()
        var letter = DeadLetter(
            id: nil, source: event.envelope.source, sequence: event.envelope.sequence, eventId: event.envelope.id,
            topic: event.topic, type: event.envelope.type, envelope: event.envelopeData, payload: event.payload,
            error: "\(error)", attempts: attempts, status: .open, firstFailedAt: now, lastFailedAt: now)
        try letter.insert(db)
        try record(db, event, outcome: .deadLettered)
        if counted { metrics.deadLettered.increment() }
    }

    /// Deletes inbox records older than the retention; duplicates are still caught by the cursor.
    fileprivate func pruneInbox() throws {
        let cutoff = Date().addingTimeInterval(-configuration.inboxRetention.seconds)
        try writer.write { db in
            try db.execute(
                sql: "DELETE FROM \(InboxEntry.databaseTableName) WHERE appliedAt < ?", arguments: [cutoff])
        }
    }

    /// Records that the publisher pruned events before this subscriber got them, and skips them.
    fileprivate func recordLoss(source: String, from: Int64, through: Int64, message: String) throws {
        try writer.write { db in
            let now = Date()
            var letter = DeadLetter(
                id: nil, source: source, sequence: from, eventId: nil, topic: nil, type: nil, envelope: nil,
                payload: nil, error: "sequences \(from)…\(through) lost: \(message)", attempts: 0, status: .lost,
                firstFailedAt: now, lastFailedAt: now)
            try letter.insert(db)
            try BusCursor.advance(db, source: source, to: through)
        }
        metrics.lost.increment(by: through - from + 1)
    }
}

/// Why a subscriber could not apply an event.
public enum SubscriberError: Error, CustomStringConvertible {
    /// No handler is registered for the type.
    case noHandler(String)

    public var description: String {
        switch self {
        case .noHandler(let type): "no handler for event type '\(type)'"
        }
    }
}

// MARK: - The socket thread

/// The subscriber's state machine; lives on, and only on, the subscriber's socket thread.
private struct SubscriberLoop {
    private struct Replay {
        var id: String
        var from: Int64
        var sentAt: ContinuousClock.Instant
        var events: [BusEvent] = []
        var broken = false
    }

    private final class Link {
        let upstream: Upstream
        let dealer: ZMQSocket
        var source: String?
        var cursor: Int64 = 0
        var latest: Int64 = 0
        var statusRequest: (id: String, sentAt: ContinuousClock.Instant)?
        var replay: Replay?
        var highestClaimed: Int64 = 0
        var ready: [BusEvent] = []

        init(upstream: Upstream, dealer: ZMQSocket) {
            self.upstream = upstream
            self.dealer = dealer
        }
    }

    private let owner: EventSubscriber
    private let thread: SocketThread
    private let sub: ZMQSocket
    private let links: [Link]
    private var bySource: [String: Link] = [:]
    private let clock = ContinuousClock()
    private let encoder = EventEnvelope.makeEncoder()
    private let decoder = EventEnvelope.makeDecoder()
    private var configuration: SubscriberConfiguration { owner.subscriberConfiguration }
    private var logger: Logger { owner.subscriberLogger }
    private var metrics: BusMetrics { owner.subscriberMetrics }

    init(owner: EventSubscriber, thread: SocketThread) throws {
        self.owner = owner
        self.thread = thread
        let configuration = owner.subscriberConfiguration
        let context = owner.subscriberContext
        sub = try ZMQSocket(context: context, kind: .sub)
        try sub.setOption(ZMQ_RCVHWM, 100_000)
        var links: [Link] = []
        for upstream in configuration.upstreams {
            let dealer = try ZMQSocket(context: context, kind: .dealer)
            try dealer.setOption(ZMQ_RCVHWM, 0)
            if let security = configuration.security {
                var keys = security
                keys.serverKey = upstream.serverKey
                try BusCurve.makeClient(sub, security: keys)
                try BusCurve.makeClient(dealer, security: keys)
            }
            try sub.connect(upstream.publish)
            try dealer.connect(upstream.replay)
            links.append(Link(upstream: upstream, dealer: dealer))
        }
        for prefix in Set(configuration.prefixes + [Topic.heartbeatPrefix]) {
            try sub.subscribe(prefix)
        }
        self.links = links
    }

    mutating func run() {
        defer {
            sub.close()
            for link in links { link.dealer.close() }
        }
        var poller = ZMQPoller()
        let subIndex = poller.add(sub)
        let dealerIndexes = links.map { poller.add($0.dealer) }
        let wakeIndex = poller.add(fileDescriptor: thread.wakeup.readDescriptor)
        for link in links { requestStatus(link) }
        var nextInboxPrune = clock.now.advanced(by: .seconds(60))
        while !thread.isStopping {
            do {
                try poller.poll(timeoutMilliseconds: 100)
                if clock.now >= nextInboxPrune {
                    nextInboxPrune = clock.now.advanced(by: .seconds(600))
                    try owner.pruneInbox()
                }
                if poller.isReadable(wakeIndex) { thread.wakeup.drain() }
                if poller.isReadable(subIndex) { try receiveLive() }
                for (link, index) in zip(links, dealerIndexes) where poller.isReadable(index) {
                    try receiveAnswers(link)
                }
                checkTimeouts()
                publishStatus()
            } catch let error as ZMQError where error.isTerminated {
                return
            } catch {
                logger.error("bus subscriber loop error", metadata: ["error": "\(error)"])
                // Reload cursors from the store; replay fills whatever the failure left out.
                for link in links { reloadCursor(link) }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    // MARK: Live events

    private mutating func receiveLive() throws {
        var received = 0
        while received < configuration.applyBatch, let frames = try sub.receive(dontWait: true) {
            received += 1
            switch BusEvent.parse(frames) {
            case .failure(let reason):
                reject(reason, detail: "live message")
            case .success(let event):
                if event.topic.hasPrefix(Topic.heartbeatPrefix) && event.envelope.type == Heartbeat.type.name {
                    heard(heartbeat: event)
                } else {
                    take(live: event)
                }
            }
        }
        try applyReady()
    }

    private mutating func heard(heartbeat event: BusEvent) {
        guard let link = bySource[event.envelope.source],
            let heartbeat = try? event.decode(Heartbeat.self)
        else { return }
        link.latest = max(link.latest, heartbeat.latestSequence)
        if heartbeat.latestSequence > link.cursor + Int64(link.ready.count) && link.replay == nil {
            startReplay(link)
        }
    }

    private mutating func take(live event: BusEvent) {
        guard let link = bySource[event.envelope.source] else {
            // Until every upstream has told its name, an unknown source may be one of them.
            if links.allSatisfy({ $0.source != nil }) { reject(.unknownSource, detail: event.envelope.source) }
            return
        }
        guard Topic.matches(event.topic, prefixes: configuration.prefixes) else { return }
        let expected = link.cursor + Int64(link.ready.count) + 1
        let sequence = event.envelope.sequence
        if sequence < expected {
            metrics.duplicatesDropped.increment()
        } else if sequence == expected && link.replay == nil {
            link.ready.append(event)
        } else {
            link.highestClaimed = max(link.highestClaimed, sequence)
            if link.replay == nil {
                metrics.gaps.increment()
                startReplay(link)
            }
        }
    }

    private mutating func applyReady() throws {
        for link in links where !link.ready.isEmpty {
            guard let source = link.source else { continue }
            let events = link.ready
            link.ready = []
            link.cursor = try owner.apply(events, source: source, advanceTo: 0, isStopping: { thread.isStopping })
        }
    }

    // MARK: Replay

    private func requestStatus(_ link: Link) {
        let id = UUID().uuidString.lowercased()
        link.statusRequest = (id, clock.now)
        send(link, [Data(ReplayProtocol.status.utf8), (try? encoder.encode(StatusRequest(request: id))) ?? Data()])
    }

    private mutating func startReplay(_ link: Link) {
        guard link.source != nil else { return }
        let request = ReplayRequest(
            request: UUID().uuidString.lowercased(), from: link.cursor + 1, limit: configuration.replayBatch,
            prefixes: configuration.prefixes)
        link.replay = Replay(id: request.request, from: request.from, sentAt: clock.now)
        link.ready = []
        send(link, [Data(ReplayProtocol.replay.utf8), (try? encoder.encode(request)) ?? Data()])
    }

    private func send(_ link: Link, _ frames: [Data]) {
        do {
            _ = try link.dealer.send(frames, dontWait: true)
        } catch {
            logger.warning("bus replay request not sent", metadata: ["error": "\(error)"])
        }
    }

    private mutating func receiveAnswers(_ link: Link) throws {
        while let frames = try link.dealer.receive(dontWait: true) {
            guard let command = frames.first.map({ String(decoding: $0, as: UTF8.self) }) else { continue }
            switch command {
            case ReplayProtocol.status:
                try answered(status: frames, link: link)
            case ReplayProtocol.event:
                guard let id = link.replay?.id, frames.count == 5, String(decoding: frames[1], as: UTF8.self) == id
                else { continue }
                // Mutated in place: copying the growing batch per event would be quadratic.
                switch BusEvent.parse(Array(frames[2...])) {
                case .success(let event) where event.envelope.source == link.source:
                    link.replay?.events.append(event)
                default:
                    link.replay?.broken = true
                }
            case ReplayProtocol.end:
                try answered(end: frames, link: link)
            case ReplayProtocol.error:
                try answered(error: frames, link: link)
            default:
                reject(.invalidReplay, detail: "unknown answer '\(command)'")
            }
        }
    }

    private mutating func answered(status frames: [Data], link: Link) throws {
        guard frames.count == 2, let status = try? decoder.decode(ReplayStatus.self, from: frames[1]),
            status.request == link.statusRequest?.id
        else { return }
        link.statusRequest = nil
        if let other = bySource[status.source], other !== link {
            logger.error("two upstreams announce the same source", metadata: ["bus.source": "\(status.source)"])
            return
        }
        link.source = status.source
        link.latest = status.latest
        bySource[status.source] = link
        let writer = owner.subscriberWriter
        let known = try writer.read { try BusCursor.fetchOne($0, key: status.source) }
        if let known {
            link.cursor = known.sequence
            if status.latest < known.sequence {
                // The publisher's outbox restarted below what we applied (its store was replaced?):
                // its new events would look like duplicates. Say so loudly; an operator decides.
                logger.critical(
                    "bus upstream sequence went backwards: its events up to our position will be dropped as duplicates",
                    metadata: [
                        "bus.source": "\(status.source)", "bus.applied": "\(known.sequence)",
                        "bus.latest": "\(status.latest)",
                    ])
                metrics.badMessage(.sequenceRegressed)
            }
        } else {
            // A new subscriber starts at the oldest event the publisher still holds.
            link.cursor = status.oldest - 1
            try writer.write { try BusCursor.advance($0, source: status.source, to: status.oldest - 1) }
        }
        logger.info(
            "bus upstream connected",
            metadata: [
                "bus.source": "\(status.source)", "bus.applied": "\(link.cursor)", "bus.latest": "\(status.latest)",
            ])
        startReplay(link)
    }

    private mutating func answered(end frames: [Data], link: Link) throws {
        guard frames.count == 2, let end = try? decoder.decode(ReplayEnd.self, from: frames[1]),
            let replay = link.replay, end.request == replay.id, let source = link.source
        else { return }
        link.replay = nil
        guard !replay.broken, end.count == replay.events.count, end.source == source, end.from == replay.from else {
            reject(.invalidReplay, detail: "replay answer from \(source) did not match its request")
            startReplay(link)
            return
        }
        metrics.replayed.increment(by: Int64(replay.events.count))
        link.cursor = try owner.apply(
            replay.events, source: source, advanceTo: end.through, isStopping: { thread.isStopping })
        link.latest = max(link.latest, end.latest)
        if link.highestClaimed > end.latest {
            reject(
                .futureSequence,
                detail: "sequence \(link.highestClaimed) claimed for \(source), latest is \(end.latest)")
        }
        link.highestClaimed = 0
        if link.cursor < end.latest { startReplay(link) }
    }

    private mutating func answered(error frames: [Data], link: Link) throws {
        guard frames.count == 2, let failure = try? decoder.decode(ReplayFailure.self, from: frames[1]),
            let replay = link.replay, failure.request == replay.id, let source = link.source
        else { return }
        link.replay = nil
        if failure.code == "sequence_pruned" {
            logger.error(
                "events lost: the publisher pruned them before this subscriber got them",
                metadata: [
                    "bus.source": "\(source)", "bus.from": "\(link.cursor + 1)",
                    "bus.through": "\(failure.oldest - 1)",
                ])
            try owner.recordLoss(
                source: source, from: link.cursor + 1, through: failure.oldest - 1, message: failure.message)
            link.cursor = failure.oldest - 1
            startReplay(link)
        } else {
            reject(.invalidReplay, detail: failure.message)
        }
    }

    private mutating func checkTimeouts() {
        let now = clock.now
        for link in links {
            if let request = link.statusRequest, request.sentAt.duration(to: now) > configuration.replayTimeout {
                requestStatus(link)
            } else if link.source == nil && link.statusRequest == nil {
                requestStatus(link)
            }
            if let replay = link.replay, replay.sentAt.duration(to: now) > configuration.replayTimeout {
                startReplay(link)
            }
        }
    }

    private func reloadCursor(_ link: Link) {
        guard let source = link.source else { return }
        link.ready = []
        link.replay = nil
        if let cursor = try? owner.subscriberWriter.read({ try BusCursor.position($0, source: source) }) {
            link.cursor = cursor
        }
    }

    private func publishStatus() {
        owner.publish(
            status: links.map {
                EventSubscriber.UpstreamStatus(
                    publish: $0.upstream.publish, source: $0.source, applied: $0.cursor, latest: $0.latest,
                    connected: $0.source != nil)
            })
    }

    private func reject(_ reason: BadMessageReason, detail: String) {
        metrics.badMessage(reason)
        logger.warning("bad bus message", metadata: ["bus.reason": "\(reason.rawValue)", "bus.detail": "\(detail)"])
    }
}
