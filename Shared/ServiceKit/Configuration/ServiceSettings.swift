import Configuration
import Domain
import Foundation
import Store

/// Everything a service reads at start-up, each key with a default that works on one machine.
///
/// Keys (environment variables are the upper-case, underscore form: `http.port` → `HTTP_PORT`):
/// - `service.source` (string, default: the service name): source name on the bus.
/// - `data.directory` (string, default `./data/<service>`): where the service's SQLite file lives.
/// - `store.durability` (`normal`|`full`, default `normal`): SQLite synchronous mode under WAL.
/// - `http.host` (string, default `127.0.0.1`), `http.port` (int, default 8081–8085).
/// - `bus.publish.endpoint` (default `tcp://127.0.0.1:708N`), `bus.replay.endpoint` (default `tcp://127.0.0.1:718N`).
/// - `bus.heartbeat.milliseconds` (int, default 1000).
/// - `bus.outbox.retentionHours` (int, default 168).
/// - `bus.subscribe.upstreams` (string array, `publish|replay[|serverKey]`, default: the services of its role).
/// - `bus.subscribe.prefixes` (string array, default: the topics of its role).
/// - `bus.subscribe.maxAttempts` (int, default 5): handler runs before dead-lettering.
/// - `log.level` (string, default `info`).
/// - `auth.tokens` (string array, secret, `department:role:sha256-hex-of-token`; default: local development tokens).
public struct ServiceSettings: Sendable {
    /// Which service this is.
    public var service: ServiceName
    /// Source name on the bus.
    public var source: String
    /// Directory of the SQLite file.
    public var dataDirectory: URL
    /// SQLite durability.
    public var durability: DatabaseOpener.Durability
    /// HTTP bind host.
    public var httpHost: String
    /// HTTP port.
    public var httpPort: Int
    /// PUB bind endpoint.
    public var publishEndpoint: String
    /// Replay bind endpoint.
    public var replayEndpoint: String
    /// Heartbeat interval.
    public var heartbeat: Duration
    /// Outbox retention.
    public var retention: Duration
    /// Upstream publishers.
    public var upstreams: [String]
    /// Topic prefixes subscribed to.
    public var prefixes: [String]
    /// Handler attempts before dead-lettering.
    public var maxAttempts: Int
    /// Log level name.
    public var logLevel: String
    /// Configured tokens, `department:role:sha256`.
    public var tokens: [String]
    /// Whether the tokens are the built-in development ones.
    public var usesDevelopmentTokens: Bool

    /// Reads the settings of `service` from `reader`.
    public init(service: ServiceName, reader: ConfigReader) {
        self.service = service
        source = reader.string(forKey: "service.source", default: service.rawValue)
        dataDirectory = URL(
            fileURLWithPath: reader.string(forKey: "data.directory", default: "./data/\(service.rawValue)"))
        durability = DatabaseOpener.Durability(rawValue: reader.string(forKey: "store.durability", default: "normal"))
            ?? .normal
        httpHost = reader.string(forKey: "http.host", default: "127.0.0.1")
        httpPort = reader.int(forKey: "http.port", default: service.defaultHTTPPort)
        publishEndpoint = reader.string(
            forKey: "bus.publish.endpoint", default: "tcp://127.0.0.1:\(service.defaultPublishPort)")
        replayEndpoint = reader.string(
            forKey: "bus.replay.endpoint", default: "tcp://127.0.0.1:\(service.defaultReplayPort)")
        heartbeat = .milliseconds(reader.int(forKey: "bus.heartbeat.milliseconds", default: 1000))
        retention = .seconds(reader.int(forKey: "bus.outbox.retentionHours", default: 168) * 3600)
        let subscriptions = service.defaultSubscriptions
        upstreams = reader.stringArray(
            forKey: "bus.subscribe.upstreams",
            default: subscriptions.upstreams.map {
                "tcp://127.0.0.1:\($0.defaultPublishPort)|tcp://127.0.0.1:\($0.defaultReplayPort)"
            })
        prefixes = reader.stringArray(forKey: "bus.subscribe.prefixes", default: subscriptions.prefixes)
        maxAttempts = reader.int(forKey: "bus.subscribe.maxAttempts", default: 5)
        logLevel = reader.string(forKey: "log.level", default: "info")
        let configured = reader.stringArray(forKey: "auth.tokens", isSecret: true, default: [])
        usesDevelopmentTokens = configured.isEmpty
        tokens = configured.isEmpty ? DevelopmentTokens.hashed : configured
    }
}
