import Bus
import BusTesting
import Domain
import Foundation
import HummingbirdTesting
import Testing

@testable import Ingest

@Suite("Measurement events on the bus", .serialized, .timeLimit(.minutes(2)))
struct BusEventsTests {
    private struct Readiness: Decodable {
        struct Endpoints: Decodable {
            var publish: String
            var replay: String
        }
        var publisher: Endpoints?
    }

    @Test("acknowledged uploads reach a real subscriber on measurement.<kind>.<MN>, with their data time")
    func eventsReachSubscriber() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(mn: "AIR01")
        try await harness.register(mn: "NOISE01", kind: .noise, st: "23")
        try await harness.run { client, port in
            // Given a subscriber on the service's publish endpoint
            var endpoint: String?
            for _ in 0..<100 where endpoint == nil {
                try await client.execute(uri: "/readyz", method: .get) { response in
                    endpoint = try JSONDecoder().decode(Readiness.self, from: Data(buffer: response.body)).publisher?
                        .publish
                }
                if endpoint == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let publish = try #require(endpoint)
            let recorder = try EventRecorder(context: harness.context, endpoint: publish, prefixes: ["measurement."])
            defer { recorder.close() }
            try await Task.sleep(for: .milliseconds(300))
            // When two stations upload (the noise one yesterday's hour, late)
            try await TestDevice.with(port: port) { device in
                try await device.send(Packets.upload(mn: "AIR01", fields: Packets.airFields))
                _ = try await device.nextReply()
                try await device.send(
                    Packets.upload(
                        mn: "NOISE01", st: "23", cn: 2061, qn: "20240316090000001", dataTime: "20240315220000",
                        fields: "LA-Avg=48.3,LA-Flag=N"))
                _ = try await device.nextReply()
            }
            // Then both batches are heard, on their topics, with event time = data time
            let heard = await eventually { recorder.events(withPrefix: "measurement.").count >= 2 }
            #expect(heard)
            let events = recorder.events(withPrefix: "measurement.")
            #expect(events.map(\.topic) == ["measurement.air.AIR01", "measurement.noise.NOISE01"])
            #expect(events.map(\.envelope.type) == ["measurement.batch", "measurement.batch"])
            #expect(events.last?.envelope.time == Date(timeIntervalSince1970: 1_710_511_200))
            let payload = try events.last.map { try $0.decode(MeasurementEvent.self) }
            #expect(payload?.readings.first?.unit == "dB")
            #expect(payload?.periodKind == .hour)
        }
    }
}
