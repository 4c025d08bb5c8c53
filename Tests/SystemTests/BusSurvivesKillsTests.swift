import BusTesting
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("System: the bus loses nothing when processes are killed", .serialized)
struct BusSurvivesKillsTests {
    @Test("10,000 events reach a subscriber exactly once, in order, through two subscriber kills and a publisher kill")
    func killAndRestart() async throws {
        // Given a probe publisher and a probe subscriber, each a real process with its own SQLite file
        let root = try TemporaryDirectory(prefix: "greenheart-kill")
        defer { root.remove() }
        let greenheart = try Executables.url("greenheart")
        let publish = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let replay = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let total = 10_000
        func startPublisher() throws -> ChildProcess {
            try ChildProcess(
                name: "probe-publish", executable: greenheart,
                arguments: [
                    "bus", "probe-publish", "--data", root.url.appendingPathComponent("pub").path, "--count",
                    "\(total)",
                    "--rate", "2500", "--publish", publish, "--replay", replay,
                ], logDirectory: root.url)
        }
        func startSubscriber() throws -> ChildProcess {
            try ChildProcess(
                name: "probe-apply", executable: greenheart,
                arguments: [
                    "bus", "probe-apply", "--data", root.url.appendingPathComponent("sub").path, "--upstream",
                    "\(publish)|\(replay)",
                ], logDirectory: root.url)
        }
        var publisher = try startPublisher()
        var subscriber = try startSubscriber()
        defer {
            publisher.killNow()
            subscriber.killNow()
        }
        let subscriberStore = root.url.appendingPathComponent("sub/probe.sqlite").path
        func applied() -> Int {
            guard FileManager.default.fileExists(atPath: subscriberStore),
                let queue = try? DatabaseQueue(path: subscriberStore)
            else { return 0 }
            return (try? queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM probe_applied") }) ?? 0
        }

        // When, at random moments while the stream flows, the subscriber is SIGKILLed twice and the
        // publisher once, each restarted shortly after
        var kills = ["subscriber", "publisher", "subscriber"].shuffled()
        while let victim = kills.popLast() {
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...1200)))
            if victim == "subscriber" {
                subscriber.killNow()
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...400)))
                subscriber = try startSubscriber()
            } else {
                publisher.killNow()
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...400)))
                publisher = try startPublisher()
            }
        }

        // Then every event is applied exactly once, in per-source order
        let complete = await eventually(timeout: .seconds(90), every: .milliseconds(200)) { applied() >= total }
        #expect(complete, "applied \(applied()) of \(total)\n\(subscriber.log.suffix(2000))")
        try await Task.sleep(for: .milliseconds(500))
        let queue = try DatabaseQueue(path: subscriberStore)
        let (numbers, sequences, letters) = try await queue.read { db in
            (
                try Int.fetchAll(db, sql: "SELECT n FROM probe_applied ORDER BY id"),
                try Int64.fetchAll(db, sql: "SELECT sequence FROM probe_applied ORDER BY id"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bus_dead_letter") ?? -1
            )
        }
        #expect(numbers.count == total)
        #expect(numbers == Array(1...total))
        #expect(sequences == sequences.sorted())
        #expect(Set(sequences).count == sequences.count)
        #expect(letters == 0)
    }
}
