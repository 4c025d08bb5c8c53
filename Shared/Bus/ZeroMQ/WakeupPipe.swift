import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A self-pipe that any thread may signal to wake a socket thread blocked in `zmq_poll`.
public final class WakeupPipe: Sendable {
    /// The end the socket thread polls.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

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

    /// Wakes the poller; a full pipe already means "wake up", so a failed write is fine.
    public func signal() {
        var byte: UInt8 = 1
        _ = Glibc.write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while Glibc.read(readDescriptor, &buffer, buffer.count) > 0 {}
    }
}
