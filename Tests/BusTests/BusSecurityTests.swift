import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Store
import Testing

/// Keys and a secured publisher's allow-list shared by the security tests: two departments, each
/// allowed its own prefix of the `tick.` topics.
struct SecuredBus {
    let server: CurveKeyPair
    let transport: CurveKeyPair
    let police: CurveKeyPair
    let stranger: CurveKeyPair

    init() throws {
        server = try CurveKeyPair.generate()
        transport = try CurveKeyPair.generate()
        police = try CurveKeyPair.generate()
        stranger = try CurveKeyPair.generate()
    }

    /// The publisher's security: transport may have `tick.transport.`, police `tick.police.`.
    var publisherSecurity: BusSecurity {
        BusSecurity(
            keyPair: server,
            clients: [
                BusClient(department: "transport", publicKey: transport.publicKey, prefixes: ["tick.transport."]),
                BusClient(department: "police", publicKey: police.publicKey, prefixes: ["tick.police."]),
            ])
    }
}

/// Topics for tick `n`: transport, police and bureau in turn.
func departmentTopic(_ n: Int) -> String {
    ["tick.transport.\(n)", "tick.police.\(n)", "tick.bureau.\(n)"][n % 3]
}

/// A raw SUB socket that, when `keyPair` is given, is a CURVE client of `serverKey`.
func rawSubscriber(
    context: ZMQContext, endpoint: String, prefixes: [String], serverKey: String, keyPair: CurveKeyPair?
) throws -> ZMQChannel {
    try ZMQChannel(context: context, kind: .sub, name: "raw-sub") { socket in
        if let keyPair { try socket.useCurveClient(serverKey: serverKey, keyPair: keyPair) }
        for prefix in prefixes { try socket.subscribe(prefix) }
        try socket.connect(endpoint)
    }
}

/// Collects the topics a channel receives for `duration` (heartbeats left out).
func collectTopics(_ channel: ZMQChannel, for duration: Duration) async -> [String] {
    let topics = LockedValue<[String]>([])
    let reader = Task {
        for await message in channel.messages {
            guard let first = message.frames.first else { continue }
            let topic = String(decoding: first, as: UTF8.self)
            if !topic.hasPrefix(Topic.heartbeatPrefix) { topics.withLock { $0.append(topic) } }
        }
    }
    try? await Task.sleep(for: duration)
    reader.cancel()
    return topics.value
}

@Suite("Bus security: CURVE, ZAP allow-list and per-topic authorisation over real sockets", .serialized)
struct BusSecurityTests {
    @Test("an allow-line parses; a malformed one or a bad key does not")
    func allowEntries() throws {
        let key = try CurveKeyPair.generate().publicKey
        let client = try #require(BusClient(parsing: "transport|\(key)|waste.manifest.;emergency.incident."))
        #expect(client.department == "transport")
        #expect(client.publicKey == key)
        #expect(client.prefixes == ["waste.manifest.", "emergency.incident."])
        #expect(BusClient(parsing: "transport|\(key)") == nil)
        #expect(BusClient(parsing: "transport|not-a-key|waste.") == nil)
        #expect(BusClient(parsing: "|\(key)|waste.") == nil)
        let policy = BusAccessPolicy(clients: [
            client, BusClient(department: "bureau", publicKey: key, prefixes: ["*"]),
        ])
        #expect(policy.maySubscribe(department: "transport", to: "waste.manifest.created"))
        #expect(!policy.maySubscribe(department: "transport", to: "waste."))
        #expect(!policy.maySubscribe(department: "transport", to: ""))
        #expect(policy.maySubscribe(department: "transport", to: "heartbeat."))
        #expect(policy.maySubscribe(department: "bureau", to: ""))
        #expect(!policy.maySubscribe(department: "nobody", to: "waste."))
    }

    @Test("a key pair derives from its secret key; a bad secret is refused")
    func keyPairs() throws {
        let pair = try CurveKeyPair.generate()
        #expect(CurveKeyPair.isValidKey(pair.publicKey) && CurveKeyPair.isValidKey(pair.secretKey))
        #expect(try CurveKeyPair(secretKey: pair.secretKey) == pair)
        #expect(throws: ZMQError.self) { try CurveKeyPair(secretKey: "short") }
    }

    @Test("an allowed key receives its department's topics and no others, even when it asks for more")
    func allowedKeyGetsOnlyItsTopics() async throws {
        // Given a secured publisher sending transport, police and bureau ticks
        let keys = try SecuredBus()
        let context = try ZMQContext()
        let source = try BusFixture(name: "pub")
        defer { source.remove() }
        let publisher = source.publisher(source: "pub", context: context, security: keys.publisherSecurity)
        let endpoints = try publisher.start()
        // When transport subscribes to its prefix, to police's and to everything under tick.
        let sub = try rawSubscriber(
            context: context, endpoint: endpoints.publish, prefixes: ["tick.transport.", "tick.police.", "tick."],
            serverKey: keys.server.publicKey, keyPair: keys.transport)
        let feeder = Task {
            var n = 0
            while !Task.isCancelled {
                try? publishTicks(n...n + 2, into: source, topic: departmentTopic)
                n += 3
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        let topics = await collectTopics(sub, for: .seconds(2))
        feeder.cancel()
        // Then it receives transport ticks, and nothing else
        #expect(topics.contains { $0.hasPrefix("tick.transport.") })
        #expect(topics.allSatisfy { $0.hasPrefix("tick.transport.") })
        #expect(source.counter("bus_subscriptions_denied_total") >= 2)
        sub.close()
        publisher.stop()
        context.terminate()
    }

    @Test("a subscriber with an unknown key or without a key receives nothing")
    func strangersGetNothing() async throws {
        // Given a secured publisher with traffic, and an allowed subscriber to prove there is some
        let keys = try SecuredBus()
        let context = try ZMQContext()
        let source = try BusFixture(name: "pub")
        defer { source.remove() }
        let publisher = source.publisher(source: "pub", context: context, security: keys.publisherSecurity)
        let endpoints = try publisher.start()
        let everything = ["", "tick.", "tick.transport.", "heartbeat."]
        let allowed = try rawSubscriber(
            context: context, endpoint: endpoints.publish, prefixes: ["tick.police."],
            serverKey: keys.server.publicKey, keyPair: keys.police)
        // When a client with a key not on the list and a client without CURVE subscribe to everything
        let stranger = try rawSubscriber(
            context: context, endpoint: endpoints.publish, prefixes: everything,
            serverKey: keys.server.publicKey, keyPair: keys.stranger)
        let plain = try ZMQChannel(context: context, kind: .sub, name: "plain-sub") { socket in
            for prefix in everything { try socket.subscribe(prefix) }
            try socket.connect(endpoints.publish)
        }
        let feeder = Task {
            var n = 0
            while !Task.isCancelled {
                try? publishTicks(n...n + 2, into: source, topic: departmentTopic)
                n += 3
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        async let allowedTopics = collectTopics(allowed, for: .seconds(2))
        async let strangerTopics = collectTopics(stranger, for: .seconds(2))
        async let plainTopics = collectTopics(plain, for: .seconds(2))
        let (heard, strange, bare) = await (allowedTopics, strangerTopics, plainTopics)
        feeder.cancel()
        // Then only the allowed one hears anything, and the ZAP handler refused the stranger
        #expect(!heard.isEmpty)
        #expect(strange.isEmpty)
        #expect(bare.isEmpty)
        #expect(try context.zapHandler().decisions.denied >= 1)
        for channel in [allowed, stranger, plain] { channel.close() }
        publisher.stop()
        context.terminate()
    }

    @Test("replay answers a department only with its topics; an unknown key gets no answer")
    func replayIsAuthorised() async throws {
        // Given a secured publisher holding nine ticks of three departments
        let keys = try SecuredBus()
        let context = try ZMQContext()
        let source = try BusFixture(name: "pub")
        defer { source.remove() }
        try publishTicks(1...9, into: source, topic: departmentTopic)
        let publisher = source.publisher(source: "pub", context: context, security: keys.publisherSecurity)
        let endpoints = try publisher.start()
        func dealer(_ keyPair: CurveKeyPair) throws -> ZMQChannel {
            try ZMQChannel(context: context, kind: .dealer, name: "raw-dealer") { socket in
                try socket.useCurveClient(serverKey: keys.server.publicKey, keyPair: keyPair)
                try socket.connect(endpoints.replay)
            }
        }
        func ask(_ channel: ZMQChannel, prefixes: String) async -> [[Data]] {
            channel.send([
                Data("REPLAY".utf8), Data(#"{"request":"r","from":1,"limit":100,"prefixes":\#(prefixes)}"#.utf8),
            ])
            let answers = LockedValue<[[Data]]>([])
            let reader = Task {
                for await message in channel.messages {
                    answers.withLock { $0.append(message.frames) }
                    if String(decoding: message.frames[0], as: UTF8.self) != "EVENT" { break }
                }
            }
            _ = await eventually(timeout: .seconds(3)) {
                answers.value.last.map { String(decoding: $0[0], as: UTF8.self) != "EVENT" } ?? false
            }
            reader.cancel()
            return answers.value
        }
        // When transport asks for everything, and for police's prefix
        let transport = try dealer(keys.transport)
        let all = await ask(transport, prefixes: "[]")
        let transportAgain = try dealer(keys.transport)
        let policeOnes = await ask(transportAgain, prefixes: #"["tick.police."]"#)
        let stranger = try dealer(keys.stranger)
        let nothing = await ask(stranger, prefixes: "[]")
        // Then it gets only its own three ticks, the END still covers the whole range, and police's
        // prefix yields nothing; the stranger is never answered
        let events = all.filter { String(decoding: $0[0], as: UTF8.self) == "EVENT" }
        #expect(
            events.map { String(decoding: $0[2], as: UTF8.self) } == [
                "tick.transport.3", "tick.transport.6", "tick.transport.9",
            ])
        let end = try EventEnvelope.makeDecoder().decode(ReplayEnd.self, from: try #require(all.last?[1]))
        #expect(end.through == 9)
        #expect(end.count == 3)
        #expect(policeOnes.count == 1)
        #expect(policeOnes.first.map { String(decoding: $0[0], as: UTF8.self) } == "END")
        #expect(nothing.isEmpty)
        for channel in [transport, transportAgain, stranger] { channel.close() }
        publisher.stop()
        context.terminate()
    }

    @Test("the reliable subscriber works end to end over CURVE, limited to its department's topics")
    func reliableSubscriberOverCurve() async throws {
        // Given a secured publisher with ticks of three departments, some committed before anyone listens
        let keys = try SecuredBus()
        let context = try ZMQContext()
        let source = try BusFixture(name: "pub")
        let transportSink = try subscriberStore("transport")
        let policeSink = try subscriberStore("police")
        defer { source.remove(); transportSink.remove(); policeSink.remove() }
        try publishTicks(1...30, into: source, topic: departmentTopic)
        let publisher = source.publisher(source: "pub", context: context, security: keys.publisherSecurity)
        let endpoints = try publisher.start()
        var upstream = endpoints.upstream
        upstream.serverKey = keys.server.publicKey
        // When transport subscribes to its prefix, and police (wrongly) to transport's as well
        let transport = transportSink.subscriber(
            name: "transport", upstreams: [upstream], prefixes: ["tick.transport."], handlers: recordingHandlers(),
            context: context, security: BusSecurity(keyPair: keys.transport))
        let police = policeSink.subscriber(
            name: "police", upstreams: [upstream], prefixes: ["tick.transport."], handlers: recordingHandlers(),
            context: context, security: BusSecurity(keyPair: keys.police))
        try transport.start()
        try police.start()
        try publishTicks(31...60, into: source, topic: departmentTopic)
        // Then transport applies every transport tick once, in order (replayed and live), and
        // police applies none although its cursor keeps up with the publisher
        let expected = Array(stride(from: 3, through: 60, by: 3))
        let done = try await eventually { try appliedNumbers(transportSink).count >= expected.count }
        #expect(done)
        let policeCaughtUp = await eventually { police.status.first?.applied == 60 }
        #expect(policeCaughtUp)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try appliedNumbers(transportSink) == expected)
        #expect(try appliedNumbers(policeSink).isEmpty)
        transport.stop()
        police.stop()
        publisher.stop()
        context.terminate()
    }
}
