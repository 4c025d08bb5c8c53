import Configuration
import Domain
import Foundation
import Logging
import Metrics
import Prometheus

/// What a service executable does once, before building anything: read configuration, set up
/// the process-wide logging and metrics systems.
public enum ProcessBootstrap {
    /// Reads configuration and bootstraps logging and metrics for `service`.
    public static func start(_ service: ServiceName) async throws -> (
        settings: ServiceSettings, logger: Logger, registry: PrometheusCollectorRegistry
    ) {
        let reader = try await ServiceConfigReader.make()
        let settings = ServiceSettings(service: service, reader: reader)
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "greenheart.\(service.rawValue)")
        logger[metadataKey: "service"] = "\(settings.source)"
        return (settings, logger, registry)
    }
}
