import CZeroMQ
import Foundation

/// One libzmq socket. Not thread-safe: it must be created, used and closed by one thread only.
public final class ZMQSocket {
    /// The raw socket handle.
    let handle: UnsafeMutableRawPointer
    /// The socket's type.
    public let kind: ZMQSocketKind
    private var isClosed = false

    /// Opens a socket of `kind` in `context`, with linger 0 so that closing never waits on peers.
    public init(context: ZMQContext, kind: ZMQSocketKind) throws {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else {
            throw ZMQError.last("zmq_socket")
        }
        self.handle = handle
        self.kind = kind
        // Durability lives in the outbox, never in ZeroMQ's queues, so nothing is worth waiting for.
        try setOption(ZMQ_LINGER, 0)
    }

    deinit {
        close()
    }

    /// Closes the socket; safe to call more than once.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        zmq_close(handle)
    }

    // MARK: - Endpoints

    /// Binds to `endpoint` and returns the endpoint actually bound (a `*` port resolved).
    @discardableResult
    public func bind(_ endpoint: String) throws -> String {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError.last("zmq_bind(\(endpoint))") }
        return try lastEndpoint()
    }

    /// Connects to `endpoint`; libzmq reconnects by itself when the peer goes away.
    public func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError.last("zmq_connect(\(endpoint))") }
    }

    /// Disconnects from `endpoint`.
    public func disconnect(_ endpoint: String) throws {
        guard zmq_disconnect(handle, endpoint) == 0 else {
            throw ZMQError.last("zmq_disconnect(\(endpoint))")
        }
    }

    /// The last endpoint bound, as libzmq reports it.
    public func lastEndpoint() throws -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
            throw ZMQError.last("zmq_getsockopt(ZMQ_LAST_ENDPOINT)")
        }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - Options

    /// Sets an integer option.
    public func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last("zmq_setsockopt(\(option))")
        }
    }

    /// Sets a byte-string option (subscriptions, keys, identities).
    public func setOption(_ option: Int32, bytes: [UInt8]) throws {
        let result = bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        guard result == 0 else { throw ZMQError.last("zmq_setsockopt(\(option))") }
    }

    /// Sets a text option.
    public func setOption(_ option: Int32, string: String) throws {
        try setOption(option, bytes: Array(string.utf8))
    }

    /// Reads an integer option.
    public func option(_ option: Int32) throws -> Int32 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(handle, option, &value, &size) == 0 else {
            throw ZMQError.last("zmq_getsockopt(\(option))")
        }
        return value
    }

    /// Subscribes a SUB socket to a topic prefix (empty means everything).
    public func subscribe(_ prefix: String) throws {
        try setOption(ZMQ_SUBSCRIBE, string: prefix)
    }

    /// Removes a subscription.
    public func unsubscribe(_ prefix: String) throws {
        try setOption(ZMQ_UNSUBSCRIBE, string: prefix)
    }

    // MARK: - Messages

    /// Sends a multipart message; returns false when `dontWait` is set and the socket would block.
    @discardableResult
    public func send(_ frames: [Data], dontWait: Bool = false) throws -> Bool {
        guard !frames.isEmpty else { return true }
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = dontWait ? ZMQ_DONTWAIT : 0
            if index < frames.count - 1 { flags |= ZMQ_SNDMORE }
            let sent = frame.withUnsafeBytes { raw in
                zmq_send(handle, raw.baseAddress, raw.count, flags)
            }
            if sent < 0 {
                let error = ZMQError.last("zmq_send")
                // Only the first frame can meet EAGAIN: later frames of a message are queued atomically.
                if error.isAgain && index == 0 { return false }
                if error.code == EINTR && index == 0 { return false }
                throw error
            }
        }
        return true
    }

    /// Receives a whole multipart message; returns nil when `dontWait` is set and nothing is waiting.
    public func receive(dontWait: Bool = false) throws -> [Data]? {
        try receiveMessage(dontWait: dontWait)?.frames
    }

    /// Receives a whole multipart message with the connection's `User-Id` property (set by ZAP).
    public func receiveMessage(dontWait: Bool = false) throws -> ZMQMessage? {
        var frames: [Data] = []
        var userID: String?
        let message = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
        defer { message.deallocate() }
        while true {
            zmq_msg_init(message)
            let received = zmq_msg_recv(message, handle, dontWait ? ZMQ_DONTWAIT : 0)
            if received < 0 {
                let error = ZMQError.last("zmq_msg_recv")
                zmq_msg_close(message)
                if frames.isEmpty && (error.isAgain || error.code == EINTR) { return nil }
                throw error
            }
            let size = zmq_msg_size(message)
            if let data = zmq_msg_data(message), size > 0 {
                frames.append(Data(bytes: data, count: size))
            } else {
                frames.append(Data())
            }
            // Not only the first frame: a ROUTER's identity frame is made locally and has no metadata.
            if userID == nil, let property = zmq_msg_gets(message, "User-Id") {
                userID = String(cString: property)
            }
            let more = zmq_msg_more(message) != 0
            zmq_msg_close(message)
            if !more { break }
        }
        return ZMQMessage(frames: frames, userID: userID)
    }
}

/// A received multipart message and the metadata of the connection it came from.
public struct ZMQMessage: Sendable {
    /// The frames, in order.
    public var frames: [Data]
    /// The user id the ZAP handler gave the sending connection, if any.
    public var userID: String?
}
