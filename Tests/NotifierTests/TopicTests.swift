import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Store
import Testing

@testable import Notifier

/// A manifests anomaly payload, shaped like manifests' `AnomalyEvent` (the fields the notifier reads).
struct AnomalyPayload: Codable, Sendable {
    struct Party: Codable, Sendable {
        var uscc: String
        var name: String
        var county: String
    }
    struct Manifest: Codable, Sendable {
        var number: String
        var state: String
        var consignor: Party
    }
    var id: Int64
    var kind: String
    var detectedAt: Date
    var detail: String
    var manifest: Manifest

    static func make(_ id: Int64, number: String) -> AnomalyPayload {
        AnomalyPayload(
            id: id, kind: "transit_too_long", detectedAt: World.start, detail: "in transit for 80 h (limit 72 h)",
            manifest: .init(
                number: number, state: "in_transit",
                consignor: .init(uscc: "91430200000000001X", name: "株洲冶炼厂", county: "430202")))
    }
}

@Suite("Subscriptions to other topics: waste events become grouped messages, from the real bus")
struct TopicTests {
    /// The wire frames of an event published by manifests.
    static func event(topic: String, type: String, payload: some Encodable, id: String, sequence: Int64) throws
        -> BusEvent
    {
        let envelope = EventEnvelope(
            id: id, source: "manifests", sequence: sequence, type: type, version: 1, time: World.start)
        let frames = [Data(topic.utf8), envelope.jsonData(), try EventEnvelope.makeEncoder().encode(payload)]
        switch BusEvent.parse(frames) {
        case .success(let event): return event
        case .failure(let reason): throw HarnessError("bad frames: \(reason)")
        }
    }

    /// The bureau as in the test world, and transport subscribed to waste anomalies on `url`.
    static func directory(url: String = "http://127.0.0.1:9/t", groupWait: Int = 0) -> NotifierDirectory {
        var directory = World.directory()
        directory.departments.append(
            .init(
                id: "transport", name: "株洲市交通运输局",
                contacts: [.init(name: "李强", phone: "+8613900000000", email: "duty@transport.example")],
                channels: [
                    .init(id: "transport-hook", kind: "webhook", target: url),
                    .init(id: "transport-mail", kind: "email", target: "duty@transport.example"),
                ],
                subscriptions: [
                    .init(
                        id: "waste-anomalies", channel: "transport-hook", topicPrefix: "waste.anomaly.",
                        groupWaitSeconds: groupWait),
                    .init(
                        id: "severe-only", channel: "transport-mail", topicPrefix: "waste.", levels: ["I"]),
                ]))
        return directory
    }

    @Test("events within the group wait make one message per topic; level routes and other departments stay out")
    func grouped() async throws {
        let harness = try Harness()
        try await harness.store.replaceDirectory(Self.directory(groupWait: 60))
        let handlers = harness.store.eventHandlers
        let events = [
            try Self.event(
                topic: "waste.anomaly.transit_too_long", type: "waste.anomaly.detected",
                payload: AnomalyPayload.make(1, number: "4302002603020001"), id: "w1", sequence: 1),
            try Self.event(
                topic: "waste.anomaly.transit_too_long", type: "waste.anomaly.detected",
                payload: AnomalyPayload.make(2, number: "4302002603020002"), id: "w2", sequence: 2),
            try Self.event(
                topic: "waste.anomaly.weight_discrepancy", type: "waste.anomaly.detected",
                payload: AnomalyPayload.make(3, number: "4302002603020003"), id: "w3", sequence: 3),
            try Self.event(
                topic: "waste.manifest.completed", type: "waste.manifest.completed",
                payload: ["manifest": ["number": "4302002603020004"]], id: "w4", sequence: 4),
        ]
        for event in events {
            let handler = try #require(handlers.handler(for: event.envelope.type))
            try await harness.store.writer.write { db in try handler(event, db) }
        }
        let deliveries = try await harness.deliveries()
        #expect(deliveries.map(\.idempotencyKey) == ["w1/transport/transport-hook", "w3/transport/transport-hook"])
        #expect(deliveries.allSatisfy { $0.nextAttemptAt == World.start + 60 && $0.incidentId == nil })
        let message = try JSONDecoder.bus.decode(WebhookMessage.self, from: deliveries[0].body)
        #expect(message.incident == nil && message.grouped == ["w1", "w2"])
        #expect(message.events?.map(\.id) == ["w1", "w2"])
        #expect(message.events?.first?.payload["manifest"]?["number"]?.text == "4302002603020001")
        #expect(message.events?.first?.summary.contains("联单 4302002603020001") == true)
        // Email and SMS render it for people
        let email = try EmailSender(client: SMTPClient(host: "127.0.0.1", port: 1), from: "n@g", fromName: "n")
            .message(for: deliveries[0], at: World.start)
        #expect(email.subject == "【通知】waste.anomaly.transit_too_long（2条）")
        #expect(email.text.contains("联单 4302002603020002") && email.text.contains("株洲冶炼厂"))
        let sms = try SMSSender(url: "http://127.0.0.1:1", template: "", maxLength: 70, http: WebhookSender())
            .text(for: deliveries[0])
        #expect(sms.hasPrefix("【通知】2条 waste.anomaly.transit_too_long") && sms.count <= 70)
    }

    @Test("a waste anomaly published by a real upstream over ZeroMQ reaches the subscribed department's receiver")
    func overTheBus() async throws {
        let receiver = Receiver(statuses: [200])
        let context = try ZMQContext()
        let manifests = try BusFixture(name: "manifests")
        let publisher = manifests.publisher(source: "manifests", context: context)
        let endpoints = try publisher.start()
        defer {
            publisher.stop()
            manifests.remove()
        }
        let harness = try Harness()
        try await receiver.run { url in
            try await harness.store.replaceDirectory(Self.directory(url: url))
            var notifier = NotifierSettings(deliveryInterval: .milliseconds(50))
            notifier.smtpPort = 1
            try await harness.withApp(.live, upstreams: [endpoints], prefixes: ["waste."], notifier: notifier) { _ in
                for (topic, type, number) in [
                    ("waste.manifest.completed", "waste.manifest.completed", "4302002603020009"),
                    ("waste.anomaly.transit_too_long", "waste.anomaly.detected", "4302002603020001"),
                ] {
                    _ = try await manifests.writer.write { db in
                        try Outbox(source: "manifests").enqueue(
                            db, topic: topic, type: EventType(type), payload: AnomalyPayload.make(1, number: number),
                            time: World.start)
                    }
                }
                #expect(try await eventually { receiver.effected.value.count == 1 })
                // The completed manifest (not subscribed to) never arrives
                try await Task.sleep(for: .milliseconds(300))
            }
        }
        let requests = receiver.requests.value
        #expect(requests.count == 1)
        let message = try JSONDecoder.bus.decode(WebhookMessage.self, from: try #require(requests.first).body)
        #expect(message.topic == "waste.anomaly.transit_too_long" && message.department == "transport")
        #expect(message.events?.first?.type == "waste.anomaly.detected")
        #expect(message.events?.first?.payload["manifest"]?["number"]?.text == "4302002603020001")
        #expect(try await harness.deliveries().map(\.state) == [.delivered])
    }
}
