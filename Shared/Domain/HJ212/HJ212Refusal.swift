import Foundation

/// Why some bytes or a packet were not accepted: a stable reason code, a human message, and the bytes concerned.
public struct HJ212Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable machine reason.
    public let reason: HJ212RefusalReason
    /// A human-readable explanation in English.
    public let message: String
    /// The header or CP field concerned, when there is one (for example `Flag` or `PNO`).
    public let field: String?
    /// The refused bytes (the skipped garbage, or the frame or data segment), at most `maximumRawCount` long.
    public let raw: [UInt8]

    /// Longest `raw` kept, so a flood of garbage cannot pin memory.
    public static let maximumRawCount = 2048

    /// Creates a refusal; `raw` is truncated to `maximumRawCount` bytes.
    public init<Bytes: Collection>(_ reason: HJ212RefusalReason, _ message: String, field: String? = nil, raw: Bytes)
    where Bytes.Element == UInt8 {
        self.reason = reason
        self.message = message
        self.field = field
        self.raw = Array(raw.prefix(Self.maximumRawCount))
    }

    /// Creates a refusal that carries no bytes.
    public init(_ reason: HJ212RefusalReason, _ message: String, field: String? = nil) {
        self.init(reason, message, field: field, raw: EmptyCollection<UInt8>())
    }

    /// The same refusal carrying different bytes.
    func withRaw<Bytes: Collection>(_ bytes: Bytes) -> HJ212Refusal where Bytes.Element == UInt8 {
        HJ212Refusal(reason, message, field: field, raw: bytes)
    }

    /// `reason: message`, for logs.
    public var description: String {
        "\(reason.rawValue): \(message)"
    }
}
