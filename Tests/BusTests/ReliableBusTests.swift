import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Store
import Testing

/// A payload for tests: a counter value.
struct Tick: Codable, Equatable {
    var n: Int
}

/// A subscriber-side store whose effect is one row per applied event, in order of application.
func subscriberStore(_ name: String) throws -> BusFixture {
    try BusFixture(name: name) { migrator in
        migrator.registerMigration("test-applied") { db in
            try db.create(table: "applied") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("source", .text).notNull()
                t.column("sequence", .integer).notNull()
                t.column("topic", .text).notNull()
                t.column("n", .integer).notNull()
            }
        }
    }
}

/// Handlers that write one `applied` row per `tick` event.
func recordingHandlers(failures: LockedValue<[Int: Int]> = LockedValue([:])) -> EventHandlers {
    var handlers = EventHandlers()
    handlers.on("tick") { event, db in
        let tick = try event.decode(Tick.self)
        let shouldFail = failures.withLock { remaining -> Bool in
            guard let left = remaining[tick.n], left != 0 else { return false }
            remaining[tick.n] = left - 1
            return true
        }
        // The effect is written before the failure, so a failed attempt must leave nothing behind.
        try db.execute(
            sql: "INSERT INTO applied (source, sequence, topic, n) VALUES (?, ?, ?, ?)",
            arguments: [event.envelope.source, event.envelope.sequence, event.topic, tick.n])
        struct Injected: Error {}
        if shouldFail { throw Injected() }
    }
    return handlers
}

/// Publishes `range` ticks, one transaction each, on `topic(n)`.
func publishTicks(
    _ range: ClosedRange<Int>, into fixture: BusFixture, source: String = "pub",
    topic: (Int) -> String = { _ in "tick.all" }
) throws {
    let outbox = Outbox(source: source)
    for n in range {
        try fixture.writer.write { db in
            try outbox.enqueue(db, topic: topic(n), type: EventType("tick"), payload: Tick(n: n), time: Date())
        }
    }
}

func appliedNumbers(_ fixture: BusFixture) throws -> [Int] {
    try fixture.writer.read { try Int.fetchAll($0, sql: "SELECT n FROM applied ORDER BY id") }
}

/// A started publisher over its own store and an empty subscriber store, on real loopback sockets.
struct BusPair {
    let context: ZMQContext
    let source: BusFixture
    let sink: BusFixture
    let publisher: EventPublisher
    let endpoints: EventPublisher.Endpoints

    init() throws {
        context = try ZMQContext()
        source = try BusFixture(name: "pub")
        sink = try subscriberStore("sub")
        publisher = source.publisher(source: "pub", context: context)
        endpoints = try publisher.start()
    }

    /// A subscriber on the sink store, listening to the publisher (and any `extra` upstreams).
    func subscriber(
        prefixes: [String] = ["tick."], handlers: EventHandlers = recordingHandlers(), extra: [Upstream] = [],
        upstream: Upstream? = nil
    ) -> EventSubscriber {
        sink.subscriber(
            name: "sub", upstreams: [upstream ?? endpoints.upstream] + extra, prefixes: prefixes, handlers: handlers,
            context: context)
    }

    /// Stops everything it started and removes both stores.
    func close(_ subscribers: EventSubscriber...) {
        subscribers.forEach { $0.stop() }
        publisher.stop()
        context.terminate()
        source.remove()
        sink.remove()
    }
}

@Suite("Reliable pub/sub over real sockets", .serialized)
struct ReliableBusTests {
    @Test("events published before the subscriber existed arrive by replay, once, in order")
    func slowJoiner() async throws {
        // Given a publisher that already committed 300 events
        let bus = try BusPair()
        try publishTicks(1...300, into: bus.source)
        // When a subscriber starts late and more events follow
        let subscriber = bus.subscriber()
        defer { bus.close(subscriber) }
        try subscriber.start()
        try publishTicks(301...600, into: bus.source)
        // Then all 600 are applied exactly once, in order
        #expect(try await eventually { try appliedNumbers(bus.sink).count >= 600 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(try appliedNumbers(bus.sink) == Array(1...600))
    }

    @Test("a subscriber restarted mid-stream resumes where its store says, with no duplicate")
    func subscriberRestart() async throws {
        let bus = try BusPair()
        // Given a subscriber that applied part of the stream and was stopped
        let first = bus.subscriber()
        try first.start()
        try publishTicks(1...200, into: bus.source)
        _ = try await eventually { try appliedNumbers(bus.sink).count >= 50 }
        first.stop()
        // When more is published while it is down and a new one starts on the same store
        try publishTicks(201...400, into: bus.source)
        let second = bus.subscriber()
        defer { bus.close(second) }
        try second.start()
        // Then every event is applied exactly once, in order
        #expect(try await eventually { try appliedNumbers(bus.sink).count >= 400 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(try appliedNumbers(bus.sink) == Array(1...400))
    }

    @Test("a publisher restart loses nothing: committed-but-unsent events go out from the outbox")
    func publisherRestart() async throws {
        let bus = try BusPair()
        let subscriber = bus.subscriber()
        try subscriber.start()
        try publishTicks(1...100, into: bus.source)
        // Given the publisher stopped, events committed while it is down
        bus.publisher.stop()
        try publishTicks(101...200, into: bus.source)
        // When a new publisher binds the same endpoints
        let restarted = EventPublisher(
            configuration: PublisherConfiguration(
                source: "pub", publishEndpoint: bus.endpoints.publish, replayEndpoint: bus.endpoints.replay,
                heartbeatInterval: .milliseconds(100)),
            writer: bus.source.writer, context: bus.context, logger: bus.source.logger, metrics: bus.source.metrics)
        try restarted.start()
        defer {
            restarted.stop()
            bus.close(subscriber)
        }
        // Then the subscriber gets all of them once
        #expect(try await eventually { try appliedNumbers(bus.sink).count >= 200 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(try appliedNumbers(bus.sink) == Array(1...200))
    }

    @Test("a prefix subscriber gets only its topics, in order, through interleaved traffic")
    func prefixFiltering() async throws {
        let bus = try BusPair()
        let subscriber = bus.subscriber(prefixes: ["tick.even."])
        defer { bus.close(subscriber) }
        try subscriber.start()
        // When odd and even ticks interleave on different topics
        try publishTicks(1...400, into: bus.source) { $0 % 2 == 0 ? "tick.even.x" : "tick.odd.x" }
        // Then the subscriber applies exactly the even ones, in order, and its cursor covers all 400
        #expect(try await eventually { try appliedNumbers(bus.sink).count >= 200 })
        #expect(try await eventually { try bus.sink.writer.read { try BusCursor.position($0, source: "pub") } == 400 })
        #expect(try appliedNumbers(bus.sink) == Array(stride(from: 2, through: 400, by: 2)))
    }

    @Test("a failing handler is retried and applied once; a poison event is dead-lettered and the stream goes on")
    func retriesAndDeadLetters() async throws {
        let bus = try BusPair()
        // Given tick 5 fails twice then works, and tick 7 always fails
        let failures = LockedValue([5: 2, 7: -1])
        let subscriber = bus.subscriber(handlers: recordingHandlers(failures: failures))
        defer { bus.close(subscriber) }
        try subscriber.start()
        // When ten ticks are published
        try publishTicks(1...10, into: bus.source)
        // Then 5 is applied once, 7 is dead-lettered, and 8–10 still arrive
        #expect(try await eventually { try appliedNumbers(bus.sink).count >= 9 })
        try await Task.sleep(for: .milliseconds(200))
        #expect(try appliedNumbers(bus.sink) == [1, 2, 3, 4, 5, 6, 8, 9, 10])
        let letters = try await bus.sink.writer.read { try DeadLetter.fetchAll($0) }
        #expect(letters.count == 1)
        #expect(letters.first?.sequence == 7)
        #expect(letters.first?.status == .open)
        #expect(letters.first?.attempts == 3)
        #expect(bus.sink.counter("bus_dead_lettered_total") == 1)
        // And when the operator retries after the cause is fixed, it applies once
        failures.withLock { $0[7] = 0 }
        let id = try #require(letters.first?.id)
        #expect(try subscriber.retryDeadLetter(id: id))
        #expect(try subscriber.retryDeadLetter(id: id) == false)
        #expect(try appliedNumbers(bus.sink).filter { $0 == 7 } == [7])
    }

    @Test("bad messages are counted and never stop good events")
    func badMessages() async throws {
        let bus = try BusPair()
        // Given a rogue publisher the subscriber also listens to
        let rogueEndpoint = LockedValue("")
        let rogue = try ZMQChannel(context: bus.context, kind: .pub) { socket in
            let bound = try socket.bind("tcp://127.0.0.1:*")
            rogueEndpoint.withLock { $0 = bound }
        }
        let subscriber = bus.subscriber(extra: [Upstream(publish: rogueEndpoint.value, replay: "tcp://127.0.0.1:1")])
        defer {
            rogue.close()
            bus.close(subscriber)
        }
        try subscriber.start()
        try publishTicks(1...5, into: bus.source)
        #expect(try await eventually { try appliedNumbers(bus.sink).count >= 5 })
        // When it sends every kind of bad message while good events keep coming
        let encoder = EventEnvelope.makeEncoder()
        func envelope(_ source: String, _ sequence: Int64, _ type: String) throws -> Data {
            try encoder.encode(
                EventEnvelope(
                    id: UUID().uuidString, source: source, sequence: sequence, type: type, version: 1, time: Date()))
        }
        for _ in 0..<3 {
            rogue.send([Data("tick.all".utf8), Data("{}".utf8)])
            rogue.send([Data("tick.all".utf8), Data("not json".utf8), Data("{}".utf8)])
            rogue.send([Data("tick.all".utf8), try envelope("pub", 6, "tick"), Data("{oops".utf8)])
            rogue.send([Data("tick.all".utf8), try envelope("pub", 1_000_000, "tick"), Data(#"{"n":-1}"#.utf8)])
            try await Task.sleep(for: .milliseconds(50))
        }
        try publishTicks(6...20, into: bus.source)
        // Then all good events are applied once, in order, and each kind of bad message was counted
        #expect(try await eventually { try appliedNumbers(bus.sink).count >= 20 })
        #expect(await eventually { bus.sink.badMessages(.futureSequence) >= 1 })
        #expect(try appliedNumbers(bus.sink) == Array(1...20))
        #expect(bus.sink.badMessages(.frameCount) >= 1)
        #expect(bus.sink.badMessages(.invalidEnvelope) >= 1)
        #expect(bus.sink.badMessages(.invalidPayload) >= 1)
    }

    @Test("an event of an unknown type is counted and dead-lettered; the stream goes on")
    func unknownType() async throws {
        let bus = try BusPair()
        let subscriber = bus.subscriber()
        defer { bus.close(subscriber) }
        try subscriber.start()
        // When an event of a type nobody handles sits between two good ones
        try publishTicks(1...1, into: bus.source)
        try await bus.source.writer.write { db in
            try Outbox(source: "pub").enqueue(
                db, topic: "tick.all", type: EventType("tock"), payload: Tick(n: 99), time: Date())
        }
        try publishTicks(2...2, into: bus.source)
        // Then the good ones apply, the stranger is dead-lettered and counted
        #expect(try await eventually { try appliedNumbers(bus.sink).count >= 2 })
        #expect(try appliedNumbers(bus.sink) == [1, 2])
        #expect(bus.sink.badMessages(.unknownType) == 1)
        let letters = try await bus.sink.writer.read { try DeadLetter.fetchAll($0) }
        #expect(letters.map(\.type) == ["tock"])
    }

    @Test("a publisher whose sequence went backwards (store replaced) is reported, not silently trusted")
    func sequenceRegression() async throws {
        // Given a subscriber that had applied 50 events of "pub", and a "pub" that starts over
        let bus = try BusPair()
        try await bus.sink.writer.write { try BusCursor.advance($0, source: "pub", to: 50) }
        try publishTicks(1...5, into: bus.source)
        let subscriber = bus.subscriber()
        defer { bus.close(subscriber) }
        // When the subscriber connects
        try subscriber.start()
        // Then it says so in metrics (and logs critically), and applies nothing at or below its position
        #expect(await eventually { bus.sink.badMessages(.sequenceRegressed) >= 1 })
        #expect(try appliedNumbers(bus.sink).isEmpty)
    }

    @Test("asking for events older than retention gets a clear answer, recorded as a loss")
    func prunedReplay() async throws {
        let context = try ZMQContext()
        let source = try BusFixture(name: "pub")
        let sink = try subscriberStore("sub")
        defer { source.remove(); sink.remove() }
        // Given a publisher that published 1…10 and pruned 1…6, and a subscriber that had seen 1…2
        try publishTicks(1...10, into: source)
        try await source.writer.write { db in
            try db.execute(sql: "UPDATE bus_outbox_state SET publishedThrough = 6")
            try Outbox.prune(db, olderThan: Date().addingTimeInterval(60))
        }
        try await sink.writer.write { try BusCursor.advance($0, source: "pub", to: 2) }
        let publisher = source.publisher(source: "pub", context: context)
        let endpoints = try publisher.start()
        // When the subscriber starts
        let subscriber = sink.subscriber(
            name: "sub", upstreams: [endpoints.upstream], prefixes: ["tick."], handlers: recordingHandlers(),
            context: context)
        try subscriber.start()
        // Then 3…6 are recorded as lost and 7…10 are applied
        #expect(try await eventually { try appliedNumbers(sink).count >= 4 })
        #expect(try appliedNumbers(sink) == [7, 8, 9, 10])
        let lost = try await sink.writer.read { try DeadLetter.filter(Column("status") == "lost").fetchAll($0) }
        #expect(lost.count == 1)
        #expect(lost.first?.sequence == 3)
        #expect(sink.counter("bus_events_lost_total") == 4)
        subscriber.stop()
        publisher.stop()
        context.terminate()
    }

    @Test("a status and replay answer any ZeroMQ DEALER can read")
    func replayProtocol() async throws {
        let context = try ZMQContext()
        let source = try BusFixture(name: "pub")
        defer { source.remove() }
        try publishTicks(1...5, into: source) { $0 <= 2 ? "tick.a" : "tick.b" }
        let publisher = source.publisher(source: "pub", context: context)
        let endpoints = try publisher.start()
        // When a raw DEALER asks for replay of tick.b from 1
        let dealer = try ZMQChannel(context: context, kind: .dealer) { try $0.connect(endpoints.replay) }
        dealer.send([Data("REPLAY".utf8), Data(#"{"request":"r1","from":1,"limit":10,"prefixes":["tick.b"]}"#.utf8)])
        var answers: [[Data]] = []
        for await message in dealer.messages {
            answers.append(message.frames)
            if String(decoding: message.frames[0], as: UTF8.self) != "EVENT" { break }
        }
        // Then it gets three EVENT messages and an END covering everything
        #expect(answers.count == 4)
        #expect(answers.prefix(3).allSatisfy { String(decoding: $0[0], as: UTF8.self) == "EVENT" && $0.count == 5 })
        let end = try EventEnvelope.makeDecoder().decode(ReplayEnd.self, from: try #require(answers.last?[1]))
        #expect(end.through == 5)
        #expect(end.count == 3)
        #expect(end.source == "pub")
        dealer.close()
        publisher.stop()
        context.terminate()
    }
}
