import Bus
import BusTesting
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Store
import Testing

@testable import Notifier

@Suite("SIGKILL of the notifier executable mid-delivery")
struct KillTests {
    /// The built `notifier` executable next to the test bundle.
    static func executable() -> URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.module.bundleURL.deletingLastPathComponent(),
        ]
        return candidates.map { $0.appendingPathComponent("notifier") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }

    @Test("no delivery lost, none effected twice by a receiver honouring the key")
    func killMidDelivery() async throws {
        let executable = try #require(Self.executable(), "the notifier executable is not next to the test bundle")
        let directory = try TemporaryDirectory(prefix: "notifier-kill")
        defer { directory.remove() }
        let data = directory.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let receiver = Receiver(statuses: [200], delay: .milliseconds(150))
        let count = 20
        try await receiver.run { url in
            // Given 20 queued deliveries in the notifier's own store
            do {
                let clock = LockedValue(Date())
                let store = try NotifierStore(
                    writer: try DatabaseOpener.openPool(directory: data, name: "notifier"),
                    now: { clock.withLock { $0 } })
                try await store.replaceDirectory(World.directory(bureauURL: url))
                for id in 1...count {
                    try await store.writer.write { db in
                        try store.enqueue(
                            db, notificationId: "k\(id)", topic: "emergency.incident.opened",
                            incident: World.incident(id: Int64(id)))
                    }
                }
            }
            let reader = try DatabaseOpener.openPool(directory: data, name: "notifier")
            @Sendable func delivered() async throws -> Int {
                try await reader.read { db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery WHERE state = 'delivered'") ?? 0
                }
            }
            var environment = ProcessInfo.processInfo.environment
            environment["HTTP_PORT"] = String(try freeLoopbackPort())
            environment["BUS_PUBLISH_ENDPOINT"] = "tcp://127.0.0.1:\(try freeLoopbackPort())"
            environment["BUS_REPLAY_ENDPOINT"] = "tcp://127.0.0.1:\(try freeLoopbackPort())"
            environment["DATA_DIRECTORY"] = data.path
            environment["LOG_LEVEL"] = "error"
            environment["NOTIFIER_DELIVERY_MILLISECONDS"] = "50"
            // When it is killed with SIGKILL after a few deliveries, twice, and then left to finish
            for round in 0..<3 {
                let process = try SpawnedProcess(executable.path, environment: environment)
                let target = round < 2 ? receiver.requests.value.count + 4 : Int.max
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline {
                    if receiver.requests.value.count >= target { break }
                    // The last round ends once the notifier itself recorded every delivery (a receiver may
                    // have acted on a message whose reply the killed process never saw: that one is resent).
                    if round == 2, try await delivered() >= count { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                process.kill()
            }
        }
        // Then every message was effected exactly once, and the store agrees
        let effected = receiver.effected.value
        #expect(effected.count == count)
        #expect(Set(effected) == Set((1...count).map { "k\($0)/bureau/bureau-hook" }))
        let store = try NotifierStore(writer: try DatabaseOpener.openPool(directory: data, name: "notifier"))
        let states = try await store.deliveries(DeliveryFilter()).map(\.state)
        #expect(states.count == count)
        #expect(states.allSatisfy { $0 == .delivered })
    }
}
