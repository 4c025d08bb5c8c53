import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Store
import Testing

@Suite("Outbox")
struct OutboxTests {
    struct Note: Codable, Equatable {
        var text: String
    }

    @Test("sequences are contiguous from 1 and an event exists only if its transaction commits")
    func transactional() throws {
        // Given a store with the bus tables
        let fixture = try BusFixture(name: "outbox")
        defer { fixture.remove() }
        let outbox = Outbox(source: "tester")
        // When one transaction commits two events and another enqueues one and then fails
        _ = try fixture.writer.write { db in
            try outbox.enqueue(db, topic: "note.a", type: EventType("note"), payload: Note(text: "1"), time: Date())
            try outbox.enqueue(db, topic: "note.b", type: EventType("note"), payload: Note(text: "2"), time: Date())
        }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try fixture.writer.write { db in
                try outbox.enqueue(db, topic: "note.c", type: EventType("note"), payload: Note(text: "3"), time: Date())
                throw Boom()
            }
        }
        _ = try fixture.writer.write { db in
            try outbox.enqueue(db, topic: "note.d", type: EventType("note"), payload: Note(text: "4"), time: Date())
        }
        // Then only committed events are there, numbered without gaps
        let entries = try fixture.writer.read { try Outbox.entries($0, from: 1, limit: 10) }
        #expect(entries.map(\.sequence) == [1, 2, 3])
        #expect(entries.map(\.topic) == ["note.a", "note.b", "note.d"])
        let envelope = try EventEnvelope.makeDecoder().decode(EventEnvelope.self, from: entries[2].envelope)
        #expect(envelope.sequence == 3)
        #expect(envelope.source == "tester")
    }

    @Test("an invalid topic is refused")
    func invalidTopic() throws {
        let fixture = try BusFixture(name: "outbox-topic")
        defer { fixture.remove() }
        #expect(throws: OutboxError.self) {
            try fixture.writer.write { db in
                try Outbox(source: "t").enqueue(
                    db, topic: "bad..topic", type: EventType("x"), payload: Note(text: ""), time: Date())
            }
        }
    }

    @Test("retention removes only published events older than the cutoff and never reuses sequences")
    func retention() throws {
        // Given five events of which three were published
        let fixture = try BusFixture(name: "outbox-prune")
        defer { fixture.remove() }
        let outbox = Outbox(source: "t")
        _ = try fixture.writer.write { db in
            for index in 1...5 {
                try outbox.enqueue(
                    db, topic: "n.x", type: EventType("n"), payload: Note(text: "\(index)"), time: Date())
            }
            try db.execute(sql: "UPDATE bus_outbox_state SET publishedThrough = 3")
        }
        // When retention runs with a cutoff in the future
        let removed = try fixture.writer.write { try Outbox.prune($0, olderThan: Date().addingTimeInterval(60)) }
        // Then the published ones are gone, and the next event still gets sequence 6
        #expect(removed == 3)
        let state = try fixture.writer.read { try OutboxState.fetch($0) }
        #expect(state.prunedThrough == 3)
        #expect(state.oldestRetained == 4)
        let next = try fixture.writer.write { db in
            try outbox.enqueue(db, topic: "n.x", type: EventType("n"), payload: Note(text: "6"), time: Date())
        }
        #expect(next.sequence == 6)
    }
}
