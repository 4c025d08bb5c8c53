import Configuration
import Domain
import Foundation
import Store

/// Everything a service reads at start-up, each key with a default that works on one machine.
///
/// Keys (environment variables are the upper-case, underscore form, camel case split:
/// `http.port` → `HTTP_PORT`, `bus.curve.secretKey` → `BUS_CURVE_SECRET_KEY`; in the secrets
/// directory, files are named with dashes: `bus-curve-secretKey`):
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
/// - `bus.curve.secretKey` (string, secret, Z85, default none): this service's CURVE secret key; when
///   set, every bus socket of the service uses CURVE and each upstream needs its `serverKey`.
/// - `bus.curve.publicKey` (string, Z85, optional): checked against the key derived from the secret.
/// - `bus.curve.allow` (string array, `department|publicKey|prefix;prefix`, default none): the only
///   clients the publisher admits and the topic prefixes each department may receive (`*` = all).
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
    /// This service's CURVE secret key (Z85), when the bus is secured.
    public var curveSecretKey: String?
    /// This service's CURVE public key as configured, to check against the secret key.
    public var curvePublicKey: String?
    /// The publisher's allow-list entries, `department|publicKey|prefix;prefix`.
    public var curveAllow: [String]

    /// Reads the settings of `service` from `reader`.
    public init(service: ServiceName, reader: ConfigReader) {
        self.service = service
        source = reader.string(forKey: "service.source", default: service.rawValue)
        dataDirectory = URL(
            fileURLWithPath: reader.string(forKey: "data.directory", default: "./data/\(service.rawValue)"))
        durability =
            DatabaseOpener.Durability(rawValue: reader.string(forKey: "store.durability", default: "normal"))
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
        // Entries are trimmed: compose files fold long lists over several lines.
        upstreams = reader.stringArray(
            forKey: "bus.subscribe.upstreams",
            default: subscriptions.upstreams.map {
                "tcp://127.0.0.1:\($0.defaultPublishPort)|tcp://127.0.0.1:\($0.defaultReplayPort)"
            }
        ).map(Self.trimmed).filter { !$0.isEmpty }
        prefixes = reader.stringArray(forKey: "bus.subscribe.prefixes", default: subscriptions.prefixes)
        maxAttempts = reader.int(forKey: "bus.subscribe.maxAttempts", default: 5)
        logLevel = reader.string(forKey: "log.level", default: "info")
        let configured = reader.stringArray(forKey: "auth.tokens", isSecret: true, default: [])
        usesDevelopmentTokens = configured.isEmpty
        tokens = configured.isEmpty ? DevelopmentTokens.hashed : configured
        curveSecretKey = reader.string(forKey: "bus.curve.secretKey", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        curvePublicKey = reader.string(forKey: "bus.curve.publicKey").flatMap { $0.isEmpty ? nil : $0 }
        curveAllow = reader.stringArray(forKey: "bus.curve.allow", default: []).map(Self.trimmed).filter { !$0.isEmpty }
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
