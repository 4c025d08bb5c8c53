/// Settings of a service's event publisher.
public struct PublisherConfiguration: Sendable {
    /// The source name stamped on envelopes and announced in heartbeats.
    public var source: String
    /// Endpoint the PUB socket binds, e.g. `tcp://127.0.0.1:7081` (`*` port for an ephemeral one).
    public var publishEndpoint: String
    /// Endpoint the replay ROUTER socket binds.
    public var replayEndpoint: String
    /// How often a heartbeat carrying the latest sequence goes out.
    public var heartbeatInterval: Duration
    /// How long published events stay available for replay.
    public var retention: Duration
    /// How often retention runs.
    public var pruneInterval: Duration
    /// PUB high-water mark per subscriber; beyond it PUB drops and subscribers recover by replay.
    public var sendHighWaterMark: Int32
    /// CURVE security for both sockets; nil means plain TCP.
    public var security: BusSecurity?

    /// Makes a configuration; durations default to 1 s heartbeats and 7 days of retention.
    public init(
        source: String,
        publishEndpoint: String,
        replayEndpoint: String,
        heartbeatInterval: Duration = .seconds(1),
        retention: Duration = .seconds(7 * 24 * 3600),
        pruneInterval: Duration = .seconds(60),
        sendHighWaterMark: Int32 = 100_000,
        security: BusSecurity? = nil
    ) {
        self.source = source
        self.publishEndpoint = publishEndpoint
        self.replayEndpoint = replayEndpoint
        self.heartbeatInterval = heartbeatInterval
        self.retention = retention
        self.pruneInterval = pruneInterval
        self.sendHighWaterMark = sendHighWaterMark
        self.security = security
    }
}

/// CURVE keys of a bus socket (Z85 text, 40 characters each), and for a publisher its allow-list.
public struct BusSecurity: Sendable {
    /// This side's public key.
    public var publicKey: String
    /// This side's secret key.
    public var secretKey: String
    /// For a connecting side: the server's public key.
    public var serverKey: String?
    /// For a publisher: the only clients its sockets admit, and the topics each may receive.
    public var clients: [BusClient]

    /// Makes a key set.
    public init(publicKey: String, secretKey: String, serverKey: String? = nil, clients: [BusClient] = []) {
        self.publicKey = publicKey
        self.secretKey = secretKey
        self.serverKey = serverKey
        self.clients = clients
    }

    /// Makes a key set from a key pair.
    public init(keyPair: CurveKeyPair, serverKey: String? = nil, clients: [BusClient] = []) {
        self.init(
            publicKey: keyPair.publicKey, secretKey: keyPair.secretKey, serverKey: serverKey, clients: clients)
    }
}
