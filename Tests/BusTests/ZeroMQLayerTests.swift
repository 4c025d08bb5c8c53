import Bus
import BusTesting
import CZeroMQ
import Foundation
import Testing

@Suite("ZeroMQ layer")
struct ZeroMQLayerTests {
    @Test("multipart messages cross a real PUB/SUB pair on loopback, frames intact")
    func multipartRoundTrip() async throws {
        // Given a PUB channel on an ephemeral port and a SUB channel connected to it
        let context = try ZMQContext()
        let endpoint = LockedValue("")
        let publisher = try ZMQChannel(context: context, kind: .pub) { socket in
            let bound = try socket.bind("tcp://127.0.0.1:*")
            endpoint.withLock { $0 = bound }
        }
        let subscriber = try ZMQChannel(context: context, kind: .sub) { [address = endpoint.value] socket in
            try socket.subscribe("greet.")
            try socket.connect(address)
        }
        // When the publisher sends until the slow joiner has caught on
        var iterator = subscriber.messages.makeAsyncIterator()
        let frames = [Data("greet.world".utf8), Data(), Data([0, 1, 2, 255])]
        let sender = Task {
            while !Task.isCancelled {
                publisher.send([Data("other.topic".utf8), Data("x".utf8)])
                publisher.send(frames)
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        let received = await iterator.next()
        sender.cancel()
        // Then exactly the subscribed message arrives, with every frame, empty ones included
        #expect(received?.frames == frames)
        publisher.close()
        subscriber.close()
        context.terminate()
    }

    @Test("a libzmq failure carries errno and strerror")
    func errorsCarryErrno() throws {
        // Given a socket
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, kind: .pub)
        // When binding a transport that does not exist
        let error = #expect(throws: ZMQError.self) { try socket.bind("nosuch://here") }
        // Then the error says which call failed and why
        #expect(error?.code == EPROTONOSUPPORT)
        #expect(error?.operation.contains("zmq_bind") == true)
        #expect(error?.message.isEmpty == false)
        socket.close()
        context.terminate()
    }

    @Test("closing channels and terminating the context returns promptly with peers gone")
    func cleanShutdown() async throws {
        // Given a connected DEALER with queued messages to a peer that never existed
        let context = try ZMQContext()
        let dealer = try ZMQChannel(context: context, kind: .dealer) { socket in
            try socket.connect("tcp://127.0.0.1:1")
        }
        for _ in 0..<100 { dealer.send([Data("pending".utf8)]) }
        // When everything is closed
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            dealer.close()
            context.terminate()
        }
        // Then nothing lingers
        #expect(elapsed < .seconds(2))
    }

    @Test("a send with no peer to take it never holds the channel: close returns, and the message waits for a peer")
    func sendWithoutPeer() async throws {
        // Given a DEALER that queues only on finished connections, towards a port nobody listens on
        let context = try ZMQContext()
        let port = try freeLoopbackPort()
        let dealer = try ZMQChannel(context: context, kind: .dealer) { socket in
            try socket.setOption(ZMQ_IMMEDIATE, 1)
            try socket.setOption(ZMQ_RECONNECT_IVL, 20)
            try socket.connect("tcp://127.0.0.1:\(port)")
        }
        // When it is asked to send, and a ROUTER binds the port only afterwards
        dealer.send([Data("first".utf8)])
        dealer.send([Data("second".utf8)])
        try await Task.sleep(for: .milliseconds(100))
        let router = try ZMQChannel(context: context, kind: .router) { socket in
            try socket.bind("tcp://127.0.0.1:\(port)")
        }
        // Then both messages arrive, in order, once the connection is up
        var received: [String] = []
        for await message in router.messages {
            received.append(String(decoding: message.frames[1], as: UTF8.self))
            if received.count == 2 { break }
        }
        #expect(received == ["first", "second"])
        // And a channel whose message can never go still closes at once
        let stranded = try ZMQChannel(context: context, kind: .dealer) { socket in
            try socket.setOption(ZMQ_IMMEDIATE, 1)
            try socket.connect("tcp://127.0.0.1:1")
        }
        stranded.send([Data("nobody".utf8)])
        try await Task.sleep(for: .milliseconds(50))
        // (closed on a thread of its own, so that a channel stuck in zmq_send fails the test instead of hanging it)
        let closed = DispatchSemaphore(value: 0)
        Thread {
            stranded.close()
            closed.signal()
        }.start()
        #expect(closed.wait(timeout: .now() + 2) == .success)
        dealer.close()
        router.close()
        context.terminate()
    }

    @Test("libzmq is new enough and has CURVE")
    func version() {
        #expect(ZMQContext.version.hasPrefix("4."))
        #expect(ZMQContext.hasCurve)
    }
}
