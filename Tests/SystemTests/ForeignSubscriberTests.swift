import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Store
import Testing

@Suite("System: a subscriber in another language reads the bus from the documented wire format")
struct ForeignSubscriberTests {
    struct Reading: Codable, Equatable {
        var station: String
        var pm25: Int
    }

    @Test("pyzmq receives and decodes events from a Swift publisher")
    func pyzmqSubscriber() async throws {
        // Given a Swift publisher and a python subscriber that knows only docs/bus.md
        let context = try ZMQContext()
        let fixture = try BusFixture(name: "foreign")
        defer { fixture.remove() }
        let publisher = fixture.publisher(source: "ingest", context: context)
        let endpoints = try publisher.start()
        defer { publisher.stop() }
        let script = Executables.repositoryRoot.appendingPathComponent("Tests/SystemTests/Python/wire_subscriber.py")
        let python = try SpawnedProcess(
            "/usr/bin/env", ["python3", script.path, endpoints.publish, "measurement.", "50"],
            standardOutput: .pipe, standardError: .capture)
        defer { python.kill() }
        let lines = LineReader(try #require(python.pipe))
        let first = await lines.next()
        #expect(
            first == "ready",
            "python subscriber did not start (is pyzmq installed? `make test` installs it): \(python.output())")

        // When fifty events are committed, on a subscribed topic and on another one
        let outbox = Outbox(source: "ingest")
        for n in 1...50 {
            try await fixture.writer.write { db in
                try outbox.enqueue(
                    db, topic: "measurement.air.43020000\(n % 3)", type: EventType("measurement.batch"),
                    payload: Reading(station: "43020000\(n % 3)", pm25: n),
                    time: Date(timeIntervalSince1970: 1_764_000_000))
                try outbox.enqueue(
                    db, topic: "waste.manifest.submitted", type: EventType("waste.manifest.submitted"),
                    payload: Reading(station: "x", pm25: -n), time: Date())
            }
        }

        // Then python receives exactly the fifty measurement events, decoded, in order
        struct Seen: Decodable {
            var topic: String
            var envelope: EventEnvelope
            var payload: Reading
        }
        var seen: [Seen] = []
        while let line = await lines.next(), line != "done" {
            seen.append(try EventEnvelope.makeDecoder().decode(Seen.self, from: Data(line.utf8)))
        }
        #expect(seen.count == 50)
        #expect(seen.map(\.payload.pm25) == Array(1...50))
        #expect(seen.map(\.envelope.sequence) == stride(from: 1, through: 99, by: 2).map { Int64($0) })
        #expect(seen.allSatisfy { $0.envelope.source == "ingest" && $0.envelope.type == "measurement.batch" })
        #expect(seen.first?.envelope.time == Date(timeIntervalSince1970: 1_764_000_000))
        #expect(await python.wait(timeout: .seconds(30)) == 0)
        publisher.stop()
        context.terminate()
    }
}
