import CZeroMQ

/// An error reported by libzmq, carrying `zmq_errno` and `zmq_strerror` and the call that failed.
public struct ZMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` value libzmq reported.
    public let code: Int32
    /// The text of `zmq_strerror` for the code.
    public let message: String
    /// The operation that failed, for example `zmq_bind(tcp://127.0.0.1:7081)`.
    public let operation: String

    /// Makes an error from explicit parts.
    public init(code: Int32, message: String, operation: String) {
        self.code = code
        self.message = message
        self.operation = operation
    }

    /// Captures the calling thread's current libzmq error.
    public static func last(_ operation: String) -> ZMQError {
        let code = zmq_errno()
        return ZMQError(code: code, message: String(cString: zmq_strerror(code)), operation: operation)
    }

    /// Whether the error means "try again later" (`EAGAIN`).
    public var isAgain: Bool { code == EAGAIN }

    /// Whether the error means the context was terminated (`ETERM`).
    public var isTerminated: Bool { code == ETERM }

    public var description: String { "\(operation): \(message) (errno \(code))" }
}
