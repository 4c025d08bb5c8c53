import CZeroMQ
import Foundation

/// The ZAP handler (ZeroMQ RFC 27) of one context: decides which CURVE clients a server socket
/// admits, and which user id (`User-Id` message property) their connections carry.
///
/// libzmq asks the REP socket bound to `inproc://zeromq.zap.01` in the same context about every
/// handshake on a socket with a ZAP domain. Without such a handler CURVE admits any client that
/// knows the server key, so the handler binds before any server socket and its socket lives on
/// its own thread: handshakes wait for its answer. Each domain has its own allow-list of client
/// public keys (Z85) and the user id each is given; an unknown domain or key is denied.
public final class ZAPHandler: Sendable {
    /// The endpoint libzmq sends ZAP requests to.
    public static let endpoint = "inproc://zeromq.zap.01"

    private let thread: SocketThread
    private let domains = LockedValue<[String: [String: String]]>([:])
    private let counts = LockedValue<Decisions>(Decisions())

    /// Binds the handler in `context` and starts answering. Use `ZMQContext.zapHandler()`, which
    /// keeps one per context; a second bind in the same context fails with `EADDRINUSE`.
    init(context: ZMQContext) throws {
        let setup = LockedValue<Result<Void, any Error>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let domains = self.domains
        let counts = self.counts
        // Weak: the context keeps this handler alive, and the caller holds the context until bound.
        thread = try SocketThread(name: "bus-zap") { [weak context] thread in
            let socket: ZMQSocket
            do {
                guard let context else { throw ZMQError(code: ETERM, message: "context gone", operation: "zap") }
                socket = try ZMQSocket(context: context, kind: .rep)
                try socket.bind(Self.endpoint)
                setup.withLock { $0 = .success(()) }
                ready.signal()
            } catch {
                setup.withLock { $0 = .failure(error) }
                ready.signal()
                return
            }
            defer { socket.close() }
            var poller = ZMQPoller()
            let socketIndex = poller.add(socket)
            let wakeIndex = poller.add(fileDescriptor: thread.wakeup.readDescriptor)
            while !thread.isStopping {
                do {
                    try poller.poll(timeoutMilliseconds: 250)
                    if poller.isReadable(wakeIndex) { thread.wakeup.drain() }
                    guard poller.isReadable(socketIndex) else { continue }
                    while let request = try socket.receive(dontWait: true) {
                        let reply = Self.answer(request, domains: domains.withLock { $0 })
                        counts.withLock { reply.admitted ? ($0.admitted += 1) : ($0.denied += 1) }
                        try socket.send(reply.frames)
                    }
                } catch let error as ZMQError where error.isTerminated {
                    return
                } catch {
                    // A malformed exchange must not stop authentication for everyone else.
                    continue
                }
            }
        }
        ready.wait()
        if case .failure(let error) = setup.withLock({ $0 }) {
            thread.stop()
            throw error
        }
    }

    /// Admits, in `domain`, exactly the client keys of `clients` (Z85 public key → user id).
    public func allow(domain: String, clients: [String: String]) {
        domains.withLock { $0[domain] = clients }
    }

    /// Forgets `domain`: its sockets admit nobody from now on.
    public func remove(domain: String) {
        _ = domains.withLock { $0.removeValue(forKey: domain) }
    }

    /// Counts of the handler's answers.
    public struct Decisions: Sendable, Equatable {
        /// Handshakes admitted.
        public var admitted = 0
        /// Handshakes denied.
        public var denied = 0
    }

    /// How many handshakes were admitted and denied so far.
    public var decisions: Decisions { counts.value }

    /// Stops answering and closes the socket.
    func stop() {
        thread.stop()
    }

    /// The reply to one ZAP request, and whether it admits the client.
    static func answer(_ request: [Data], domains: [String: [String: String]]) -> (frames: [Data], admitted: Bool) {
        // Request: version, request id, domain, address, routing id, mechanism, credentials…
        let version = request.first ?? Data()
        let requestID = request.count > 1 ? request[1] : Data()
        func reply(_ code: String, _ text: String, user: String = "") -> (frames: [Data], admitted: Bool) {
            ([Data("1.0".utf8), requestID, Data(code.utf8), Data(text.utf8), Data(user.utf8), Data()], code == "200")
        }
        guard String(decoding: version, as: UTF8.self) == "1.0", request.count >= 6 else {
            return reply("500", "malformed ZAP request")
        }
        let domain = String(decoding: request[2], as: UTF8.self)
        let mechanism = String(decoding: request[5], as: UTF8.self)
        guard mechanism == "CURVE", request.count >= 7 else { return reply("400", "only CURVE is accepted") }
        guard let clients = domains[domain] else { return reply("400", "unknown domain") }
        guard let key = CurveKeyPair.z85(of: Array(request[6])), let user = clients[key] else {
            return reply("400", "client key not allowed")
        }
        return reply("200", "OK", user: user)
    }
}
