import Domain
import Foundation
import GRDB
import Testing

@testable import Notifier

@Suite("Webhook: signed POSTs to a real local receiver, retried on 5xx, not on 4xx")
struct WebhookTests {
    @Test("a receiver failing three times then succeeding gets the message once, signed, under one key")
    func retriedUntilDelivered() async throws {
        let receiver = Receiver(statuses: [500, 503, 502, 200])
        let harness = try Harness()
        try await receiver.run { url in
            // Given the bureau's webhook at the receiver and one incident
            try await harness.store.replaceDirectory(World.directory(bureauURL: url))
            try await harness.incident(World.incident(), eventId: "e1")
            let worker = harness.worker()
            // When the worker runs, and the clock passes each backoff (1 s, 2 s, 4 s)
            #expect(await worker.tick() == 1)
            #expect(await worker.tick() == 0)  // not yet due
            for seconds in [1.0, 2.0, 4.0] {
                harness.advance(seconds: seconds)
                #expect(await worker.tick() == 1)
            }
            #expect(await worker.tick() == 0)
        }
        // Then four requests carried one key and a valid signature; the receiver acted once
        let requests = receiver.requests.value
        #expect(requests.count == 4)
        #expect(Set(requests.compactMap(\.key)) == ["e1/bureau/bureau-hook"])
        for request in requests {
            #expect(request.signature == WebhookSender.signature(of: request.body, secret: "s3cret"))
        }
        #expect(receiver.effected.value == ["e1/bureau/bureau-hook"])
        let message = try JSONDecoder.bus.decode(WebhookMessage.self, from: requests[3].body)
        #expect(message.incident?.headline == "株洲冶炼厂 二氧化硫超标")
        let delivery = try #require(try await harness.deliveries().first)
        #expect(delivery.state == .delivered && delivery.attempts == 4)
        let attempts = try await harness.store.attempts(ofDelivery: try #require(delivery.id))
        #expect(attempts.map(\.outcome) == ["retry", "retry", "retry", "delivered"])
        #expect(attempts.map(\.status) == [500, 503, 502, 200])
        #expect(try await harness.events().map(\.0) == ["notification.delivered"])
        try await harness.expectValidCAP()
    }

    @Test("a 4xx receiver is not retried; 429 is")
    func clientErrors() async throws {
        let refusing = Receiver(statuses: [422])
        let busy = Receiver(statuses: [429, 204])
        let harness = try Harness()
        try await refusing.run { refusingURL in
            try await busy.run { busyURL in
                try await harness.store.replaceDirectory(World.directory(bureauURL: refusingURL, policeURL: busyURL))
                try await harness.incident(World.incident(level: "I", recipients: ["bureau", "police"]), eventId: "e1")
                let worker = harness.worker()
                #expect(await worker.tick() == 2)
                harness.advance(seconds: 3600)
                #expect(await worker.tick() == 1)
                #expect(await worker.tick() == 0)
            }
        }
        #expect(refusing.requests.value.count == 1)
        #expect(busy.requests.value.count == 2)
        #expect(busy.requests.value.allSatisfy { $0.signature == nil })
        let states = try await harness.deliveries().map { "\($0.departmentId):\($0.state.rawValue)" }
        #expect(states == ["bureau:dead", "police:delivered"])
        #expect(try await harness.events().map(\.1.department).sorted() == ["bureau", "police"])
        try await harness.expectValidCAP()
    }

    @Test("an unreachable receiver is retried; a restarted process resends under the same key")
    func restart() async throws {
        let harness = try Harness()
        // Given a delivery whose first attempt found nobody listening
        try await harness.store.replaceDirectory(World.directory(bureauURL: "http://127.0.0.1:1/hook"))
        try await harness.incident(World.incident(), eventId: "e1")
        #expect(await harness.worker(timeout: .seconds(2)).tick() == 1)
        let first = try #require(try await harness.deliveries().first)
        #expect(first.state == .pending && first.attempts == 1 && first.lastError != nil)
        // When a new process opens the same store and the receiver is up
        let receiver = Receiver(statuses: [200])
        try await receiver.run { url in
            try await harness.store.writer.write { db in
                try db.execute(sql: "UPDATE delivery SET target = ?", arguments: [url])
            }
            let reopened = try Harness.open(directory: harness.directory, clock: harness.clock)
            harness.advance(seconds: 1)
            #expect(await harness.worker(store: reopened).tick() == 1)
        }
        // Then it is delivered once, under the key it was queued with
        #expect(receiver.requests.value.map(\.key) == ["e1/bureau/bureau-hook"])
        #expect(try await harness.deliveries().first?.state == .delivered)
        try await harness.expectValidCAP()
    }
}
