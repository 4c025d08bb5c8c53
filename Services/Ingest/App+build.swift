import Bus
import GRDB
import Hummingbird
import Logging
import Prometheus
import ServiceKit

/// Builds the `ingest` application from settings, opening its store and a ZeroMQ context.
func buildApplication(
    settings: ServiceSettings, logger: Logger, registry: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let store = try IngestStore(writer: try ServiceRuntime.openStore(settings: settings))
    return try buildApplication(
        settings: settings, logger: logger, registry: registry, store: store, context: try ZMQContext())
}

/// Builds the `ingest` application over an existing store and context (tests pass their own).
func buildApplication(
    settings: ServiceSettings,
    logger: Logger,
    registry: PrometheusCollectorRegistry,
    store: IngestStore,
    context: ZMQContext
) throws -> some ApplicationProtocol {
    let runtime = try ServiceRuntime(
        settings: settings, logger: logger, registry: registry, store: store.writer,
        handlers: IngestStore.eventHandlers, context: context)
    let router = runtime.makeRouter()
    return runtime.makeApplication(router: router)
}
