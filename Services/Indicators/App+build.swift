import Bus
import Foundation
import GRDB
import Hummingbird
import Logging
import Prometheus
import ServiceKit

/// Builds the `indicators` application from settings, opening its store and a ZeroMQ context.
func buildApplication(
    settings: ServiceSettings, indicators: IndicatorsSettings, logger: Logger, registry: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let store = try IndicatorsStore(
        writer: try ServiceRuntime.openStore(settings: settings), cityCode: indicators.cityCode, source: settings.source
    )
    return try buildApplication(
        settings: settings, indicators: indicators, logger: logger, registry: registry, store: store,
        context: try ZMQContext())
}

/// Builds the `indicators` application over an existing store and context (tests pass their own, and their clock).
func buildApplication(
    settings: ServiceSettings,
    indicators: IndicatorsSettings = IndicatorsSettings(),
    logger: Logger,
    registry: PrometheusCollectorRegistry,
    store: IndicatorsStore,
    context: ZMQContext,
    now: @escaping @Sendable () -> Date = { Date() }
) throws -> some ApplicationProtocol {
    let runtime = try ServiceRuntime(
        settings: settings, logger: logger, registry: registry, store: store.writer,
        handlers: store.eventHandlers(logger: logger), context: context)
    let router = runtime.makeRouter()
    AQIController(store: store, now: now).addRoutes(to: router)
    RegistryController(store: store, now: now).addRoutes(to: router)
    PlanController(store: store, now: now).addRoutes(to: router)
    let watcher = OfflineWatcher(store: store, interval: indicators.offlineScanInterval, now: now, logger: logger)
    return runtime.makeApplication(router: router, services: [watcher])
}
