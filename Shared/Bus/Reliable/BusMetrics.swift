import CoreMetrics

/// The bus's Prometheus-facing counters, made from an explicit factory so that each service (and
/// each test) has its own registry.
public struct BusMetrics: Sendable {
    /// Events sent on the PUB socket (first sends and re-sends).
    public let published: Counter
    /// Events a subscriber applied.
    public let delivered: Counter
    /// Events served by this publisher's replay endpoint.
    public let replayServed: Counter
    /// Events a subscriber obtained through replay.
    public let replayed: Counter
    /// Sequence gaps a subscriber noticed (each answered by a replay).
    public let gaps: Counter
    /// Redelivered events a subscriber dropped because they were already applied.
    public let duplicatesDropped: Counter
    /// Events moved to the dead-letter table.
    public let deadLettered: Counter
    /// Events lost for good because the publisher had pruned them.
    public let lost: Counter
    /// Committed events not yet sent on the PUB socket.
    public let outboxBacklog: Gauge
    /// Subscriptions a secured publisher refused because the department's allow-list does not cover them.
    public let subscriptionsDenied: Counter
    private let factory: any MetricsFactory

    /// Makes the counters with `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
        published = Counter(label: "bus_events_published_total", factory: factory)
        delivered = Counter(label: "bus_events_delivered_total", factory: factory)
        replayServed = Counter(label: "bus_replay_served_events_total", factory: factory)
        replayed = Counter(label: "bus_events_replayed_total", factory: factory)
        gaps = Counter(label: "bus_gaps_total", factory: factory)
        duplicatesDropped = Counter(label: "bus_duplicates_dropped_total", factory: factory)
        deadLettered = Counter(label: "bus_dead_lettered_total", factory: factory)
        lost = Counter(label: "bus_events_lost_total", factory: factory)
        outboxBacklog = Gauge(label: "bus_outbox_backlog", factory: factory)
        subscriptionsDenied = Counter(label: "bus_subscriptions_denied_total", factory: factory)
    }

    /// Counts a message that was not a valid event, by reason.
    public func badMessage(_ reason: BadMessageReason) {
        Counter(label: "bus_bad_messages_total", dimensions: [("reason", reason.rawValue)], factory: factory)
            .increment()
    }
}

/// Why a bus message was refused.
public enum BadMessageReason: String, Error, Sendable, CaseIterable {
    /// Not three frames.
    case frameCount = "frame_count"
    /// The envelope is not valid JSON of the documented shape.
    case invalidEnvelope = "invalid_envelope"
    /// The payload is not valid JSON.
    case invalidPayload = "invalid_payload"
    /// The topic frame is not valid UTF-8 or does not match the event.
    case invalidTopic = "invalid_topic"
    /// The source is not one this subscriber is connected to.
    case unknownSource = "unknown_source"
    /// No handler knows the event type.
    case unknownType = "unknown_type"
    /// The sequence is beyond anything the source has committed.
    case futureSequence = "future_sequence"
    /// A replay answer that did not fit the request.
    case invalidReplay = "invalid_replay"
    /// A publisher announced a latest sequence below what this subscriber already applied.
    case sequenceRegressed = "sequence_regressed"
}
