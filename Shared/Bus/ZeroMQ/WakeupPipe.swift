import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A self-pipe that any thread may signal to wake a socket thread blocked in `zmq_poll`.
public final class WakeupPipe: Sendable {
    /// The end the socket thread polls.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let pending = Atomic<Bool>(false)

    /// Opens a non-blocking pipe.
    public init() throws {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw ZMQError(code: errno, message: String(cString: strerror(errno)), operation: "pipe")
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        Glibc.close(readDescriptor)
        Glibc.close(writeDescriptor)
    }

    /// Wakes the poller. Only the first signal since the last `drain()` writes to the pipe: the
    /// rest are already covered by that wake-up, and a commit-heavy writer saves a system call each.
    public func signal() {
        guard !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe after a wake-up. Whatever a signaller did before this returns is seen by
    /// the work the woken thread does next; a later signal writes again.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while Glibc.read(readDescriptor, &buffer, buffer.count) > 0 {}
        pending.store(false, ordering: .releasing)
    }
}
