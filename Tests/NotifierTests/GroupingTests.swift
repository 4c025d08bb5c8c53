import Domain
import Foundation
import Testing

@testable import Notifier

@Suite("Grouping: changes of one incident within the group wait make one message")
struct GroupingTests {
    @Test("three changes in the window become one message with the latest state; later ones start anew")
    func group() async throws {
        let harness = try Harness()
        var directory = World.directory()
        directory.departments[0].subscriptions[0].groupWaitSeconds = 60
        try await harness.store.replaceDirectory(directory)
        #expect(try await harness.store.directory() == directory)
        // When an incident opens, is updated and escalated within a minute, and another one opens
        try await harness.incident(World.incident(), eventId: "e1")
        harness.advance(seconds: 20)
        try await harness.incident(World.incident(.updated, level: "II"), eventId: "e2")
        try await harness.incident(World.incident(.escalated, level: "I"), eventId: "e3")
        try await harness.incident(World.incident(id: 2), eventId: "e4")
        // Then one message per incident, due at the end of the first one's wait
        let deliveries = try await harness.deliveries()
        #expect(deliveries.map(\.idempotencyKey) == ["e1/bureau/bureau-hook", "e4/bureau/bureau-hook"])
        #expect(deliveries[0].nextAttemptAt == World.start.addingTimeInterval(60))
        let message = try JSONDecoder.bus.decode(WebhookMessage.self, from: deliveries[0].body)
        #expect(message.grouped == ["e1", "e2", "e3"])
        #expect(message.incident?.level == "I" && message.topic == "emergency.incident.escalated")
        #expect(try await harness.store.dueDeliveries(at: harness.now).isEmpty)
        // When the first is attempted, a later change makes a new message (its key was already sent)
        let id = try #require(deliveries[0].id)
        try await harness.store.record(
            .retry(status: 503, error: "HTTP 503"), deliveryId: id, at: harness.now,
            policy: RetryPolicy(jitter: { 1 }))
        try await harness.incident(World.incident(.acknowledged, level: "I"), eventId: "e5")
        #expect(try await harness.deliveries().map(\.idempotencyKey).last == "e5/bureau/bureau-hook")
        try await harness.expectValidCAP()
    }
}
