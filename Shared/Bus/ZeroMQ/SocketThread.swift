import Foundation
import Synchronization

/// A dedicated OS thread that owns ZeroMQ sockets for its whole life.
///
/// ZeroMQ sockets are not thread-safe, and blocking in `zmq_poll` on Swift's cooperative pool would
/// starve it, so every socket lives on one of these and talks to async code through queues.
public final class SocketThread: Sendable {
    private let finished = Mutex(false)
    private let done = DispatchSemaphore(value: 0)
    private let stopRequested = Atomic<Bool>(false)
    /// Wakes the thread's poll loop.
    public let wakeup: WakeupPipe

    /// Starts `body` on a new thread named `name`; `body` should return once `isStopping` is true.
    public init(name: String, body: @escaping @Sendable (SocketThread) -> Void) throws {
        wakeup = try WakeupPipe()
        let thread = Thread { [self] in
            body(self)
            finished.withLock { $0 = true }
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Whether a stop was requested.
    public var isStopping: Bool { stopRequested.load(ordering: .acquiring) }

    /// Asks the thread to stop and waits until it has.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        wakeup.signal()
        if !finished.withLock({ $0 }) {
            done.wait()
            done.signal()
        }
    }
}
