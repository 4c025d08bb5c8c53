import ArgumentParser
import Foundation
import GRDB
import Store

/// `greenheart bench bus`: N events through outbox → PUB → SUB → inbox between two processes.
struct BusBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus",
        abstract: "Events/s and publish-to-apply latency of the durable bus path between two processes.")

    @Option(help: "Number of events.")
    var events = 20_000

    @Option(help: "Events per publisher transaction (1 = one commit per event).")
    var batch = 1

    @Flag(help: "Have the probe publisher commit through GRDB's async API.")
    var asyncWrites = false

    func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "greenheart-bench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let publish = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let replay = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let subscriber = Process()
        subscriber.executableURL = executable
        subscriber.arguments = [
            "bus", "probe-apply", "--data", root.appendingPathComponent("sub").path, "--upstream",
            "\(publish)|\(replay)",
            "--until", "\(events)",
        ]
        let publisher = Process()
        publisher.executableURL = executable
        publisher.arguments =
            [
                "bus", "probe-publish", "--data", root.appendingPathComponent("pub").path, "--count", "\(events)",
                "--batch", "\(batch)", "--publish", publish, "--replay", replay, "--start-after", "300",
            ] + (asyncWrites ? ["--async-writes"] : [])
        try subscriber.run()
        // The subscriber starts first and the publisher waits after binding until the subscriber has
        // connected, so the measurement is the live path, not a catch-up through replay.
        try await Task.sleep(for: .milliseconds(500))
        try publisher.run()
        defer {
            if publisher.isRunning { publisher.terminate() }
            if subscriber.isRunning { subscriber.terminate() }
        }
        while subscriber.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        publisher.terminate()
        publisher.waitUntilExit()
        let pool = try DatabaseQueue(path: root.appendingPathComponent("sub/probe.sqlite").path)
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT n, enqueuedAt, appliedAt FROM probe_applied ORDER BY id")
        }
        guard rows.count == events else { throw BenchError("applied \(rows.count) of \(events) events") }
        let numbers: [Int] = rows.map { $0["n"] }
        guard numbers == Array(1...events) else { throw BenchError("events applied out of order or twice") }
        let enqueued: [Double] = rows.map { $0["enqueuedAt"] }
        let applied: [Double] = rows.map { $0["appliedAt"] }
        let span = (applied.max() ?? 0) - (enqueued.min() ?? 0)
        let latencies = zip(enqueued, applied).map { ($1 - $0) * 1000 }.sorted()
        print(
            "bus: \(events) events, \(batch) per publisher transaction (\(asyncWrites ? "async" : "blocking") writes), two processes, SQLite WAL synchronous=NORMAL"
        )
        print(
            "  throughput: \(formatRate(Double(events) / span)) events/s (commit of first to apply of last: \(String(format: "%.3f", span)) s)"
        )
        print(
            "  publish-to-apply latency: p50 \(String(format: "%.2f", percentile(latencies, 50))) ms, p99 \(String(format: "%.2f", percentile(latencies, 99))) ms, max \(String(format: "%.2f", latencies.last ?? 0)) ms"
        )
        print("  exactly once, in order: yes (\(events) distinct, ascending)")
    }
}
