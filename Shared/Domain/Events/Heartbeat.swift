/// Payload of a publisher heartbeat (`heartbeat.<source>`, type `bus.heartbeat`): how far the
/// source's sequence has gone, so a subscriber notices a lost tail even when nothing new arrives.
public struct Heartbeat: Codable, Sendable, Equatable {
    /// The event type of heartbeats; they are not events and never enter the outbox.
    public static let type = EventType("bus.heartbeat")

    /// The highest sequence number the source has committed.
    public var latestSequence: Int64
    /// The oldest sequence still retained for replay.
    public var oldestSequence: Int64

    /// Makes a heartbeat payload.
    public init(latestSequence: Int64, oldestSequence: Int64) {
        self.latestSequence = latestSequence
        self.oldestSequence = oldestSequence
    }
}
