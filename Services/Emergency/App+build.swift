import Bus
import Foundation
import GRDB
import Hummingbird
import Logging
import Prometheus
import ServiceKit

/// Builds the `emergency` application from settings, opening its store and a ZeroMQ context.
func buildApplication(
    settings: ServiceSettings, emergency: EmergencySettings, ackLinks: AckLinkSettings, logger: Logger,
    registry: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let store = try EmergencyStore(writer: try ServiceRuntime.openStore(settings: settings), source: settings.source)
    return try buildApplication(
        settings: settings, emergency: emergency, ackLinks: ackLinks, logger: logger, registry: registry, store: store,
        context: try ZMQContext())
}

/// Builds the `emergency` application over an existing store and context (tests pass their own,
/// with their own clock in the store).
func buildApplication(
    settings: ServiceSettings,
    emergency: EmergencySettings = EmergencySettings(),
    ackLinks: AckLinkSettings = AckLinkSettings(),
    logger: Logger,
    registry: PrometheusCollectorRegistry,
    store: EmergencyStore,
    context: ZMQContext
) throws -> some ApplicationProtocol {
    let runtime = try ServiceRuntime(
        settings: settings, logger: logger, registry: registry, store: store.writer,
        handlers: store.eventHandlers, context: context)
    let router = runtime.makeRouter()
    IncidentsController(store: store).addRoutes(to: router)
    PlansController(store: store).addRoutes(to: router)
    AckLinkController(store: store, signer: ackLinks.signer).addRoutes(to: router)
    if ackLinks.usesDevelopmentSecret {
        logger.warning("acknowledgement links use the development secret; set ack.link.secret (ACK_LINK_SECRET)")
    }
    let timer = EscalationTimer(store: store, interval: emergency.timerInterval, now: store.now, logger: logger)
    return runtime.makeApplication(router: router, services: [timer])
}
