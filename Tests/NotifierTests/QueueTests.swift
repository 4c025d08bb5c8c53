import Domain
import Foundation
import GRDB
import Testing

@testable import Notifier

@Suite("Queue: one delivery per (notification, recipient, channel), backoff, dead letters")
struct QueueTests {
    @Test("recipients' matching subscriptions are queued once; a replayed event adds nothing")
    func enqueue() async throws {
        // Given the bureau subscribed to everything and police to level I–II in 430202
        let harness = try Harness()
        try await harness.store.replaceDirectory(World.directory())
        // When a level III incident for bureau and police, then a replay of it, then a level II one
        try await harness.incident(World.incident(recipients: ["bureau", "police"]), eventId: "e1")
        try await harness.incident(World.incident(recipients: ["bureau", "police"]), eventId: "e1")
        try await harness.incident(
            World.incident(.updated, level: "II", recipients: ["bureau", "police"]), eventId: "e2")
        // And a level I one elsewhere, and one nobody is a recipient of
        try await harness.incident(World.incident(level: "I", county: "430203", recipients: ["police"]), eventId: "e3")
        try await harness.incident(World.incident(recipients: ["water"]), eventId: "e4")
        // Then
        let deliveries = try await harness.deliveries()
        #expect(
            deliveries.map(\.idempotencyKey) == [
                "e1/bureau/bureau-hook", "e2/bureau/bureau-hook", "e2/police/police-hook",
            ])
        #expect(deliveries.allSatisfy { $0.state == .pending && $0.attempts == 0 && $0.nextAttemptAt == World.start })
        let message = try JSONDecoder.bus.decode(WebhookMessage.self, from: deliveries[2].body)
        #expect(message.incident?.level == "II")
        #expect(message.topic == "emergency.incident.updated")
        try await harness.expectValidCAP()
    }

    @Test("backoff doubles from the base, is capped, and the jitter spreads it over its upper half")
    func backoff() {
        let high = RetryPolicy(base: .seconds(2), cap: .seconds(60), maxAttempts: 8, jitter: { 1 })
        #expect((1...7).map { high.delay(afterAttempts: $0) } == [2, 4, 8, 16, 32, 60, 60])
        let low = RetryPolicy(base: .seconds(2), cap: .seconds(60), maxAttempts: 8, jitter: { 0 })
        #expect((1...3).map { low.delay(afterAttempts: $0) } == [1, 2, 4])
        let random = RetryPolicy(base: .seconds(10), cap: .seconds(60))
        for _ in 0..<50 { #expect((5...10).contains(random.delay(afterAttempts: 1))) }
    }

    @Test("retries until the budget is spent, then a dead letter an operator can requeue")
    func deadLetter() async throws {
        let harness = try Harness()
        try await harness.store.replaceDirectory(World.directory())
        try await harness.incident(World.incident(), eventId: "e1")
        let policy = RetryPolicy(base: .seconds(1), cap: .seconds(60), maxAttempts: 3, jitter: { 1 })
        let id = try #require(try await harness.deliveries().first?.id)
        // When three attempts fail with 503
        var after: Delivery?
        for _ in 0..<3 {
            after = try await harness.store.record(
                .retry(status: 503, error: "HTTP 503"), deliveryId: id, at: harness.now, policy: policy)
            if after?.state == .pending {
                #expect(after?.nextAttemptAt == harness.now.addingTimeInterval(after?.attempts == 1 ? 1 : 2))
            }
        }
        // Then it is dead, with every attempt logged and notification.failed published
        #expect(after?.state == .dead)
        #expect(try await harness.store.attempts(ofDelivery: id).map(\.outcome) == ["retry", "retry", "failed"])
        #expect(try await harness.events().map(\.0) == ["notification.failed"])
        #expect(try await harness.store.deliveries(DeliveryFilter(state: .dead)).count == 1)
        // When an operator retries it, it is due now with a fresh budget
        let retried = try #require(try await harness.store.retryDeadLetter(id))
        #expect(retried.state == .pending && retried.attempts == 0)
        #expect(try await harness.store.retryDeadLetter(id) == nil)
        // And a 2xx delivers it and publishes notification.delivered
        after = try await harness.store.record(.delivered(status: 200), deliveryId: id, at: harness.now, policy: policy)
        #expect(after?.state == .delivered)
        #expect(try await harness.events().map(\.0) == ["notification.failed", "notification.delivered"])
        try await harness.expectValidCAP()
    }

    @Test("a directory file loads at start and the matching rules hold")
    func directoryFile() throws {
        let harness = try Harness()
        let url = harness.directory.url.appendingPathComponent("directory.json")
        try JSONEncoder().encode(World.directory()).write(to: url)
        let read = try NotifierDirectory.read(from: url)
        #expect(read == World.directory())
        try harness.store.loadDirectory(read)
        let police = try #require(read.departments.last?.subscriptions.first)
        #expect(police.matches(topic: "emergency.incident.opened", type: "x", level: "I", county: "430202"))
        #expect(!police.matches(topic: "emergency.incident.opened", type: "x", level: "III", county: "430202"))
        #expect(!police.matches(topic: "emergency.incident.opened", type: "x", level: "I", county: nil))
        #expect(!police.matches(topic: "breach.opened", type: "x", level: "I", county: "430202"))
        var broken = World.directory()
        broken.departments[0].subscriptions[0].channel = "police-hook"
        #expect(broken.problem() != nil)
        try JSONEncoder().encode(broken).write(to: url)
        #expect(throws: DirectoryFileError.self) { try NotifierDirectory.read(from: url) }
    }
}

extension JSONDecoder {
    /// The bus's decoder.
    static var bus: JSONDecoder { EventEnvelope.makeDecoder() }
}
