import Bus
import BusTesting
import Domain
import Foundation
import Testing

@testable import Manifests

@Suite("Events on the bus")
struct BusPublishingTests {
    private struct Ready: Decodable {
        struct Endpoints: Decodable {
            var publish: String
            var replay: String
        }

        var ready: Bool
        var publisher: Endpoints?
    }

    @Test("transitions and anomalies leave on ZeroMQ under waste.*")
    func publishedOnZeroMQ() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            // Given a department subscribed to `waste.` on the service's PUB socket
            let ready = try await api.send(.get, "/readyz", token: nil).decode(Ready.self)
            let endpoint = try #require(ready.publisher?.publish)
            let recorder = try EventRecorder(context: harness.context, endpoint: endpoint, prefixes: ["waste."])
            defer { recorder.close() }
            try await Task.sleep(for: .milliseconds(300))
            // When a manifest goes through its life with a weight discrepancy
            let number = try await api.manifest(in: .inTransit)
            #expect(try await api.receive(number, quantity: "3").status == .ok)
            #expect(try await api.complete(number).status == .ok)
            // Then every transition and the anomaly arrive, in order, with the manifest number as correlation id
            let expected = [
                "waste.manifest.draft", "waste.manifest.submitted", "waste.manifest.in_transit",
                "waste.manifest.received", "waste.anomaly.weight_discrepancy", "waste.manifest.completed",
            ]
            #expect(await eventually { recorder.events(withPrefix: "waste.").count >= expected.count })
            let events = recorder.events(withPrefix: "waste.")
            #expect(events.map(\.topic) == expected)
            #expect(events.allSatisfy { $0.envelope.correlationId == number && $0.envelope.source == "manifests" })
            let completed = try #require(events.last)
            let payload = try EventEnvelope.makeDecoder().decode(ManifestTransitionEvent.self, from: completed.payload)
            #expect(payload.indicators?.hazardousTonnes == "3")
        }
    }
}
