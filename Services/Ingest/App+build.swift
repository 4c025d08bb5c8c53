import Bus
import Configuration
import GRDB
import Hummingbird
import Logging
import Prometheus
import ServiceKit

/// Builds the `ingest` application from settings, opening its store and a ZeroMQ context.
func buildApplication(
    settings: ServiceSettings, hj212: HJ212ServerConfiguration, logger: Logger, registry: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let store = try IngestStore(writer: try ServiceRuntime.openStore(settings: settings), source: settings.source)
    return try buildApplication(
        settings: settings, hj212: hj212, logger: logger, registry: registry, store: store, context: try ZMQContext())
}

/// Builds the `ingest` application over an existing store and context (tests pass their own);
/// `onListening` gets the bound HJ 212 port.
func buildApplication(
    settings: ServiceSettings,
    hj212: HJ212ServerConfiguration,
    logger: Logger,
    registry: PrometheusCollectorRegistry,
    store: IngestStore,
    context: ZMQContext,
    connections: ConnectionRegistry = ConnectionRegistry(),
    onListening: @escaping @Sendable (Int) -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let runtime = try ServiceRuntime(
        settings: settings, logger: logger, registry: registry, store: store.writer,
        handlers: IngestStore.eventHandlers, context: context)
    let router = runtime.makeRouter()
    StationsController(store: store, connections: connections).addRoutes(to: router)
    MeasurementsController(store: store).addRoutes(to: router)
    let server = HJ212Server(
        configuration: hj212, store: store, connections: connections, logger: logger, onListening: onListening)
    return runtime.makeApplication(router: router, services: [server])
}
