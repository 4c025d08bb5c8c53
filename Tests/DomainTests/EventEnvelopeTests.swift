import Domain
import Foundation
import Testing

@Suite("Event envelope")
struct EventEnvelopeTests {
    @Test("hand-written JSON equals what JSONEncoder writes, and decodes back", arguments: [nil, "c-1\"\\\n"])
    func jsonMatchesEncoder(correlation: String?) throws {
        // Given an envelope with awkward characters and a millisecond time
        let envelope = EventEnvelope(
            id: "id-\u{1}é", source: "ingest", sequence: 42, type: "measurement.batch", version: 2,
            time: Date(timeIntervalSince1970: 1_764_393_159.123), correlationId: correlation)
        // When written both ways
        let fast = envelope.jsonData()
        let reference = try EventEnvelope.makeEncoder().encode(envelope)
        // Then the bytes agree and decode to the same envelope
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
        let decoded = try EventEnvelope.makeDecoder().decode(EventEnvelope.self, from: fast)
        #expect(decoded.jsonData() == fast)
        #expect(abs(decoded.time.timeIntervalSince(envelope.time)) < 0.001)
    }

    @Test(
        "times are ISO 8601 UTC with milliseconds, across leap days and before 1970",
        arguments: [
            (0.0, "1970-01-01T00:00:00.000Z"),
            (951_782_400.5, "2000-02-29T00:00:00.500Z"),
            (1_772_323_199.999, "2026-02-28T23:59:59.999Z"),
            (-86_400.25, "1969-12-30T23:59:59.750Z"),
            (4_107_542_400.0, "2100-03-01T00:00:00.000Z"),
        ])
    func timeFormat(seconds: Double, expected: String) {
        #expect(BusTime.format(Date(timeIntervalSince1970: seconds)) == expected)
        #expect(BusTime.parse(expected).map { abs($0.timeIntervalSince1970 - seconds) < 0.001 } == true)
    }

    @Test("topics: dot-separated printable segments; prefix matching is ZeroMQ's")
    func topics() {
        #expect(Topic.isValid("measurement.air.430200001"))
        #expect(!Topic.isValid(""))
        #expect(!Topic.isValid("a..b"))
        #expect(!Topic.isValid("a b"))
        #expect(!Topic.isValid(".a"))
        #expect(!Topic.isValid("a."))
        #expect(!Topic.isValid("."))
        #expect(!Topic.isValid("a.\u{7F}"))
        #expect(!Topic.isValid("waste.废物"))
        #expect(Topic.isValid(String(repeating: "a", count: 255)))
        #expect(!Topic.isValid(String(repeating: "a", count: 256)))
        #expect(Topic.matches("waste.manifest.submitted", prefixes: ["waste."]))
        #expect(!Topic.matches("wastewater.x", prefixes: ["waste."]))
        #expect(Topic.matches("anything", prefixes: [""]))
    }

    @Test("event ids are distinct version-4 UUIDs in lower-case text")
    func eventIDs() throws {
        let ids = (0..<10_000).map { _ in EventID.make() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let parsed = try #require(UUID(uuidString: id), "\(id) is not a UUID")
            #expect(parsed.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
        }
    }
}
