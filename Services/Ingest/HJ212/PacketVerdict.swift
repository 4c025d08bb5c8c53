/// What the store made of a packet (or of all parts of a split upload).
struct PacketVerdict: Sendable {
    /// The station the packets authenticated as, when they did.
    var station: Station?
    /// The refusal reason code, when refused.
    var reason: String?
    /// The refusal message, when refused.
    var message: String?
    /// One outcome per reading stored.
    var outcomes: [ReadingOutcome]
    /// The 9014 data answers to send now that the transaction committed, in packet order.
    var acknowledgements: [[UInt8]]

    /// Whether the packets were accepted.
    var accepted: Bool { reason == nil }
}
