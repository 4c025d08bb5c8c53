import CZeroMQ
import Synchronization

/// A libzmq context: the one thread-safe object of libzmq, shared by every socket of a process.
public final class ZMQContext: Sendable {
    /// The raw context handle; libzmq makes contexts safe to use from any thread.
    nonisolated(unsafe) let handle: UnsafeMutableRawPointer
    private let terminated = Mutex(false)
    private let zap = Mutex<ZAPHandler?>(nil)

    /// Creates a context with the given number of I/O threads.
    public init(ioThreads: Int32 = 1) throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
        // Sockets beyond the default 1023 are cheap; a subscriber may talk to many publishers.
        zmq_ctx_set(handle, ZMQ_MAX_SOCKETS, 4096)
        self.handle = handle
    }

    /// Whether libzmq was built with CURVE security.
    public static var hasCurve: Bool { zmq_has("curve") != 0 }

    /// The libzmq version as `major.minor.patch`.
    public static var version: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    /// The context's ZAP handler, bound on first use; CURVE server sockets of this context admit
    /// only the clients it allows. Start it before binding any server socket.
    public func zapHandler() throws -> ZAPHandler {
        try zap.withLock { current in
            if let current { return current }
            let handler = try ZAPHandler(context: self)
            current = handler
            return handler
        }
    }

    /// Terminates the context; blocks until every socket of it is closed, so close sockets first.
    public func terminate() {
        let first = terminated.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        // The ZAP handler's socket is the context's own; close it before waiting on the others.
        zap.withLock { $0 }?.stop()
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    deinit {
        terminate()
    }
}
