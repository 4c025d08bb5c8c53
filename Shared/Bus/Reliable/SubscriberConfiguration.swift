/// A publisher a subscriber listens to: its PUB endpoint and its replay endpoint.
public struct Upstream: Sendable, Equatable {
    /// The publisher's PUB endpoint to connect to.
    public var publish: String
    /// The publisher's replay ROUTER endpoint to connect to.
    public var replay: String
    /// The publisher's CURVE public key, when the bus is secured.
    public var serverKey: String?

    /// Makes an upstream.
    public init(publish: String, replay: String, serverKey: String? = nil) {
        self.publish = publish
        self.replay = replay
        self.serverKey = serverKey
    }

    /// Parses `publish|replay` or `publish|replay|serverKey`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(publish: parts[0], replay: parts[1], serverKey: parts.count == 3 ? parts[2] : nil)
    }
}

/// Settings of a reliable subscriber.
public struct SubscriberConfiguration: Sendable {
    /// Name used in logs and thread names.
    public var name: String
    /// The publishers to listen to.
    public var upstreams: [Upstream]
    /// Topic prefixes to subscribe to (heartbeats are always added).
    public var prefixes: [String]
    /// Most events asked for in one replay request.
    public var replayBatch: Int
    /// How long to wait for a replay or status answer before asking again.
    public var replayTimeout: Duration
    /// How many times a handler runs before its event is dead-lettered.
    public var maxAttempts: Int
    /// Backoff before the first retry; doubles up to `maxBackoff`.
    public var initialBackoff: Duration
    /// Longest backoff between retries.
    public var maxBackoff: Duration
    /// Most live events applied in one transaction.
    public var applyBatch: Int
    /// This subscriber's CURVE key pair, when the bus is secured.
    public var security: BusSecurity?
    /// How long inbox records (the audit of what was applied) are kept; positions are kept for ever.
    public var inboxRetention: Duration

    /// Makes a configuration with sensible defaults.
    public init(
        name: String,
        upstreams: [Upstream],
        prefixes: [String],
        replayBatch: Int = 1000,
        replayTimeout: Duration = .seconds(3),
        maxAttempts: Int = 5,
        initialBackoff: Duration = .milliseconds(100),
        maxBackoff: Duration = .seconds(5),
        applyBatch: Int = 512,
        security: BusSecurity? = nil,
        inboxRetention: Duration = .seconds(30 * 24 * 3600)
    ) {
        self.name = name
        self.upstreams = upstreams
        self.prefixes = prefixes
        self.replayBatch = replayBatch
        self.replayTimeout = replayTimeout
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.applyBatch = applyBatch
        self.security = security
        self.inboxRetention = inboxRetention
    }
}
