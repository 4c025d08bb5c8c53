import ArgumentParser
import Bus
import Domain
import Foundation
import GRDB
import Logging
import Metrics
import Store

/// `greenheart bus probe-apply`: a reliable subscriber that logs every probe event it applies,
/// in its own store, for checking exactly-once, in-order delivery between real processes.
struct ProbeApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe-apply",
        abstract: "Apply probe events exactly once into a store until stopped (or until --until).")

    @Option(help: "Directory of the probe's SQLite file.")
    var data: String

    @Option(help: "Upstream as publish|replay (repeatable).")
    var upstream: [String] = ["tcp://127.0.0.1:7091|tcp://127.0.0.1:7191"]

    @Option(help: "Topic prefix.")
    var prefix = "probe."

    @Option(help: "Exit once this many events are applied.")
    var until: Int?

    func run() async throws {
        var logger = Logger(label: "probe-apply")
        logger.logLevel = .notice
        let pool = try ProbeStore.open(directory: data)
        // The WAL is copied back off the writer, as in the services, so the figures are theirs.
        let checkpointing = Task { await WALCheckpointer(path: pool.path).run() }
        defer { checkpointing.cancel() }
        let context = try ZMQContext()
        var handlers = EventHandlers()
        handlers.on("probe.tick") { event, db in
            let tick = try event.decode(ProbeTick.self)
            try db.cachedStatement(
                sql: "INSERT INTO probe_applied (source, sequence, n, enqueuedAt, appliedAt) VALUES (?, ?, ?, ?, ?)"
            ).execute(
                arguments: [
                    event.envelope.source, event.envelope.sequence, tick.n, tick.enqueuedAt,
                    Date().timeIntervalSince1970,
                ])
        }
        let subscriber = EventSubscriber(
            configuration: SubscriberConfiguration(
                name: "probe", upstreams: upstream.compactMap(Upstream.init(parsing:)), prefixes: [prefix]),
            handlers: handlers, writer: pool, context: context, logger: logger,
            metrics: BusMetrics(factory: NOOPMetricsHandler.instance))
        try subscriber.start()
        if let until {
            // Rows are only ever appended, so the largest id is the count, read without a scan.
            while try await pool.read({
                try Int.fetchOne($0, sql: "SELECT COALESCE(MAX(id), 0) FROM probe_applied") ?? 0
            }) < until {
                try await Task.sleep(for: .milliseconds(20))
            }
        } else {
            try await waitForTermination()
        }
        subscriber.stop()
        context.terminate()
    }
}
