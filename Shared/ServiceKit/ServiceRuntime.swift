import Bus
import CoreMetrics
import Domain
import Foundation
import GRDB
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Store

/// The parts every service is made of: settings, logger, metrics registry, its one store, its
/// outbox, the bus publisher and (when it listens to anyone) the bus subscriber.
public struct ServiceRuntime: Sendable {
    /// The settings read at start-up.
    public let settings: ServiceSettings
    /// The process's logger.
    public let logger: Logger
    /// The Prometheus registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// Bus counters.
    public let busMetrics: BusMetrics
    /// The service's one database, opened once.
    public let store: any DatabaseWriter
    /// Writes events inside the service's transactions.
    public let outbox: Outbox
    /// The ZeroMQ context of the process.
    public let context: ZMQContext
    /// Publishes the outbox.
    public let publisher: EventPublisher
    /// Applies the events the service listens to, when it listens to any.
    public let subscriber: EventSubscriber?
    /// Bearer tokens.
    public let tokens: TokenDirectory

    /// Assembles a runtime. `migrate` runs the service's migrations (bus tables included) on the
    /// store; `handlers` are the service's event handlers.
    public init(
        settings: ServiceSettings,
        logger: Logger,
        registry: PrometheusCollectorRegistry,
        store: any DatabaseWriter,
        handlers: EventHandlers,
        context: ZMQContext
    ) throws {
        self.settings = settings
        self.logger = logger
        self.registry = registry
        self.store = store
        self.context = context
        let metrics = BusMetrics(factory: PrometheusMetricsFactory(registry: registry))
        busMetrics = metrics
        outbox = Outbox(source: settings.source)
        let security = try Self.security(settings: settings)
        publisher = EventPublisher(
            configuration: PublisherConfiguration(
                source: settings.source, publishEndpoint: settings.publishEndpoint,
                replayEndpoint: settings.replayEndpoint, heartbeatInterval: settings.heartbeat,
                retention: settings.retention, security: security),
            writer: store, context: context, logger: logger, metrics: metrics)
        let upstreams = settings.upstreams.compactMap(Upstream.init(parsing:))
        if upstreams.count != settings.upstreams.count {
            logger.error("ignoring malformed bus.subscribe.upstreams entries (want publish|replay[|serverKey])")
        }
        if security != nil, let bare = upstreams.first(where: { $0.serverKey.map(CurveKeyPair.isValidKey) != true }) {
            throw BusConfigurationError(
                "bus.curve.secretKey is set, so upstream \(bare.publish) needs its server key "
                    + "(publish|replay|serverKey)")
        }
        if upstreams.isEmpty || settings.prefixes.isEmpty {
            subscriber = nil
        } else {
            subscriber = EventSubscriber(
                configuration: SubscriberConfiguration(
                    name: settings.source, upstreams: upstreams, prefixes: settings.prefixes,
                    maxAttempts: settings.maxAttempts,
                    security: security.map { BusSecurity(publicKey: $0.publicKey, secretKey: $0.secretKey) }),
                handlers: handlers, writer: store, context: context, logger: logger, metrics: metrics)
        }
        if let security {
            logger.info(
                "bus secured with CURVE",
                metadata: ["bus.publicKey": "\(security.publicKey)", "bus.allowed": "\(security.clients.count)"])
        } else {
            logger.warning("bus.curve.secretKey not set: the bus runs without encryption or authentication")
        }
        tokens = TokenDirectory(entries: settings.tokens, logger: logger)
        if settings.usesDevelopmentTokens {
            logger.warning("auth.tokens not set: using the built-in development tokens (local use only)")
        }
    }

    /// The CURVE keys and allow-list of `settings`, nil when no secret key is configured.
    public static func security(settings: ServiceSettings) throws -> BusSecurity? {
        guard let secretKey = settings.curveSecretKey else {
            if !settings.curveAllow.isEmpty {
                throw BusConfigurationError("bus.curve.allow is set but bus.curve.secretKey is not")
            }
            return nil
        }
        guard let keyPair = try? CurveKeyPair(secretKey: secretKey) else {
            throw BusConfigurationError("bus.curve.secretKey is not a 40-character Z85 CURVE key")
        }
        if let publicKey = settings.curvePublicKey, publicKey != keyPair.publicKey {
            throw BusConfigurationError("bus.curve.publicKey does not belong to bus.curve.secretKey")
        }
        var clients: [BusClient] = []
        for entry in settings.curveAllow {
            guard let client = BusClient(parsing: entry) else {
                throw BusConfigurationError(
                    "bus.curve.allow entry '\(entry)' is not department|publicKey|prefix;prefix with a Z85 key")
            }
            clients.append(client)
        }
        return BusSecurity(keyPair: keyPair, clients: clients)
    }

    /// Opens the service's store under its data directory.
    public static func openStore(settings: ServiceSettings) throws -> DatabasePool {
        try DatabaseOpener.openPool(
            directory: settings.dataDirectory, name: settings.service.rawValue, durability: settings.durability)
    }

    /// A router with the auth middleware and the endpoints every service has.
    public func makeRouter() -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: BearerAuthMiddleware(directory: tokens))
        OperationsController(runtime: self).addRoutes(to: router)
        return router
    }

    /// The HTTP application with the bus services inside it: started publisher first, stopped
    /// in reverse on SIGTERM or SIGINT, HTTP first to stop.
    public func makeApplication(
        router: Router<ServiceRequestContext>,
        services: [any Service] = [],
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var busServices: [any Service] = [publisher]
        if let subscriber { busServices.append(subscriber) }
        if let pool = store as? DatabasePool {
            busServices.append(WALCheckpointService(path: pool.path, logger: logger))
        }
        return Application(
            router: router,
            configuration: .init(
                address: .hostname(settings.httpHost, port: settings.httpPort),
                serverName: "greenheart-\(settings.service.rawValue)"),
            services: busServices + services,
            onServerRunning: onServerRunning,
            logger: logger)
    }
}

/// Bus settings that cannot work together; the service refuses to start.
public struct BusConfigurationError: Error, CustomStringConvertible {
    /// What is wrong, naming the configuration keys.
    public let description: String

    /// Makes an error.
    public init(_ description: String) {
        self.description = description
    }
}
