import ArgumentParser
import Bus
import Domain
import Foundation
import GRDB
import Logging
import Metrics
import Store

/// `greenheart bus probe-publish`: a publisher that commits numbered events, for checking and
/// measuring the bus between real processes. Restarted, it goes on from where its store says.
struct ProbePublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe-publish",
        abstract: "Commit N numbered events (one transaction each) and publish them; keep serving replay.")

    @Option(help: "Directory of the probe's SQLite file.")
    var data: String

    @Option(help: "How many events in total, across restarts.")
    var count = 10_000

    @Option(help: "Events per second (0 = as fast as possible).")
    var rate = 0

    @Option(help: "Events committed per transaction.")
    var batch = 1

    @Option(help: "Source name.")
    var source = "probe"

    @Option(help: "PUB endpoint to bind.")
    var publish = "tcp://127.0.0.1:7091"

    @Option(help: "Replay endpoint to bind.")
    var replay = "tcp://127.0.0.1:7191"

    @Flag(help: "Commit through GRDB's async API (a hop to the writer queue per transaction) instead of directly.")
    var asyncWrites = false

    @Option(name: .customLong("start-after"), help: "Milliseconds between binding the sockets and the first commit.")
    var startAfter = 0

    @Flag(help: "Exit once every event is published instead of serving replay until stopped.")
    var exitWhenDone = false

    func run() async throws {
        let logger = Logger(label: "probe-publish")
        let pool = try ProbeStore.open(directory: data)
        // The WAL is copied back off the writer, as in the services, so the figures are theirs.
        let checkpointing = Task { await WALCheckpointer(path: pool.path).run() }
        defer { checkpointing.cancel() }
        let context = try ZMQContext()
        let publisher = EventPublisher(
            configuration: PublisherConfiguration(
                source: source, publishEndpoint: publish, replayEndpoint: replay, heartbeatInterval: .milliseconds(200)),
            writer: pool, context: context, logger: logger, metrics: BusMetrics(factory: NOOPMetricsHandler.instance))
        try publisher.start()
        // Subscribers that were waiting for the endpoint connect within their reconnect interval.
        if startAfter > 0 { try await Task.sleep(for: .milliseconds(startAfter)) }
        let outbox = Outbox(source: source)
        let clock = ContinuousClock()
        let started = clock.now
        // The probe's only state is its outbox: event n is sequence n, so a restart resumes exactly.
        var emitted = try await pool.read { Int(try OutboxState.fetch($0).lastSequence) }
        let first = emitted
        // The options read once: an argument-parser property costs a lookup on every read.
        let (count, batch, rate, asyncWrites) = (self.count, self.batch, self.rate, self.asyncWrites)
        let type = EventType("probe.tick")
        while emitted < count {
            let size = min(batch, count - emitted)
            let start = emitted
            let commit = { @Sendable (db: Database) throws -> Int in
                // This process is the outbox's only writer, so the count carried from the last commit
                // is still the last sequence; no need to read it again in every transaction.
                var current = start
                for _ in 0..<size {
                    current += 1
                    let now = Date()
                    try outbox.enqueue(
                        db, topic: "probe.tick", type: type,
                        payload: ProbeTick(n: current, enqueuedAt: now.timeIntervalSince1970), time: now)
                }
                return current
            }
            if asyncWrites {
                emitted = try await pool.write(commit)
            } else {
                emitted = try writeSynchronously(pool, commit)
            }
            if rate > 0 {
                let due = started.advanced(by: .seconds(Double(emitted - first) / Double(rate)))
                if due > clock.now { try await Task.sleep(until: due, clock: clock) }
            }
        }
        FileHandle.standardError.write(Data("probe-publish: \(emitted) events committed\n".utf8))
        if exitWhenDone {
            try await Task.sleep(for: .milliseconds(500))
        } else {
            try await waitForTermination()
        }
        publisher.stop()
        context.terminate()
    }
}

/// Runs one write transaction on the calling thread (a thread that may block, as a TCP server's does).
func writeSynchronously<T>(_ pool: DatabasePool, _ body: (Database) throws -> T) throws -> T {
    try pool.write(body)
}

/// Waits until SIGTERM or SIGINT.
func waitForTermination() async throws {
    let signals = AsyncStream<Void> { continuation in
        let sources = [SIGTERM, SIGINT].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        nonisolated(unsafe) let retained = sources
        continuation.onTermination = { _ in retained.forEach { $0.cancel() } }
    }
    for await _ in signals { return }
}
