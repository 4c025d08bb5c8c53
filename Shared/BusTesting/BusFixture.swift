import Bus
import Foundation
import GRDB
import Logging
import MetricsTestKit
import Store

/// A publisher or subscriber side for tests: a real SQLite file with the bus tables in a temporary
/// directory, and a real ZeroMQ context.
public struct BusFixture: Sendable {
    /// The store, a WAL pool on a temporary file.
    public let writer: DatabasePool
    /// The directory holding it.
    public let directory: TemporaryDirectory
    /// A logger that stays quiet unless `GREENHEART_TEST_LOG` is set.
    public let logger: Logger
    /// Metrics recorded in memory, for assertions.
    public let recorded: TestMetrics
    /// The bus counters, recording into `recorded`.
    public let metrics: BusMetrics

    /// Opens a fresh store named `name`, running the bus migrations and any `extra` ones.
    public init(name: String, extra: (inout DatabaseMigrator) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "greenheart-\(name)")
        writer = try DatabaseOpener.openPool(directory: directory.url, name: name)
        var migrator = DatabaseMigrator()
        BusMigrations.register(in: &migrator)
        extra(&migrator)
        try migrator.migrate(writer)
        var logger = Logger(label: "test.\(name)")
        logger.logLevel = ProcessInfo.processInfo.environment["GREENHEART_TEST_LOG"] == nil ? .critical : .debug
        self.logger = logger
        recorded = TestMetrics()
        metrics = BusMetrics(factory: recorded)
    }

    /// A publisher for this store on ephemeral loopback ports, secured with CURVE when `security` is given.
    public func publisher(
        source: String, context: ZMQContext, heartbeat: Duration = .milliseconds(100), security: BusSecurity? = nil
    ) -> EventPublisher {
        EventPublisher(
            configuration: PublisherConfiguration(
                source: source, publishEndpoint: "tcp://127.0.0.1:*", replayEndpoint: "tcp://127.0.0.1:*",
                heartbeatInterval: heartbeat, security: security),
            writer: writer, context: context, logger: logger, metrics: metrics)
    }

    /// A subscriber applying `handlers` into this store.
    public func subscriber(
        name: String,
        upstreams: [Upstream],
        prefixes: [String],
        handlers: EventHandlers,
        context: ZMQContext,
        maxAttempts: Int = 3,
        security: BusSecurity? = nil
    ) -> EventSubscriber {
        EventSubscriber(
            configuration: SubscriberConfiguration(
                name: name, upstreams: upstreams, prefixes: prefixes, replayTimeout: .seconds(1),
                maxAttempts: maxAttempts, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50),
                security: security),
            handlers: handlers, writer: writer, context: context, logger: logger, metrics: metrics)
    }

    /// How many bad messages of `reason` were counted.
    public func badMessages(_ reason: BadMessageReason) -> Int64 {
        recorded.counterTotal(label: "bus_bad_messages_total", dimensions: [("reason", reason.rawValue)])
    }

    /// The total of the counter `label`.
    public func counter(_ label: String) -> Int64 {
        recorded.counterTotal(label: label)
    }

    /// Removes the directory.
    public func remove() {
        directory.remove()
    }
}

extension EventPublisher.Endpoints {
    /// These endpoints as an upstream for a subscriber.
    public var upstream: Upstream { Upstream(publish: publish, replay: replay) }
}
