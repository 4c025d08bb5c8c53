import Bus
import Foundation
import GRDB
import Hummingbird
import Logging
import Prometheus
import ServiceKit

/// Builds the `manifests` application from settings, opening its store and a ZeroMQ context.
func buildApplication(
    settings: ServiceSettings, manifests: ManifestsSettings, logger: Logger, registry: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let store = try ManifestsStore(
        writer: try ServiceRuntime.openStore(settings: settings), source: settings.source, rules: manifests.rules)
    return try buildApplication(
        settings: settings, manifests: manifests, logger: logger, registry: registry, store: store,
        context: try ZMQContext())
}

/// Builds the `manifests` application over an existing store and context (tests pass their own,
/// and their own clock).
func buildApplication(
    settings: ServiceSettings,
    manifests: ManifestsSettings = ManifestsSettings(),
    logger: Logger,
    registry: PrometheusCollectorRegistry,
    store: ManifestsStore,
    context: ZMQContext,
    now: @escaping @Sendable () -> Date = { Date() }
) throws -> some ApplicationProtocol {
    var settings = settings
    if settings.usesDevelopmentTokens && manifests.demoEnterprises {
        settings.tokens += DemoEnterprises.hashedTokens
    }
    let runtime = try ServiceRuntime(
        settings: settings, logger: logger, registry: registry, store: store.writer,
        handlers: ManifestsStore.eventHandlers, context: context)
    let router = runtime.makeRouter()
    RegistryController(store: store, now: now).addRoutes(to: router)
    ManifestsController(store: store, now: now).addRoutes(to: router)
    let detector = AnomalyDetector(store: store, interval: manifests.scanInterval, now: now, logger: logger)
    return runtime.makeApplication(router: router, services: [detector])
}
