import Domain
import Foundation

/// Bytes cut from one TCP connection: a decoded packet or a refusal, with where and when they came.
struct ReceivedPacket: Sendable {
    /// The connection id.
    var connection: String
    /// The peer address.
    var peer: String?
    /// When the bytes completed, UTC.
    var receivedAt: Date
    /// The bytes exactly as received.
    var bytes: [UInt8]
    /// What the codec made of them.
    var content: Result<HJ212Message, HJ212Refusal>
}
