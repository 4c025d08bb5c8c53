import Bus
import Domain
import Foundation
import GRDB
import Hummingbird
import Logging
import Prometheus
import ServiceKit

/// Builds the `notifier` application from settings, opening its store and a ZeroMQ context.
func buildApplication(
    settings: ServiceSettings, notifier: NotifierSettings, logger: Logger, registry: PrometheusCollectorRegistry
) throws -> some ApplicationProtocol {
    let store = try NotifierStore(
        writer: try ServiceRuntime.openStore(settings: settings), source: settings.source, links: notifier.links)
    return try buildApplication(
        settings: settings, notifier: notifier, logger: logger, registry: registry, store: store,
        context: try ZMQContext())
}

/// Builds the `notifier` application over an existing store and context (tests pass their own, with
/// their own clock in the store and their own retry policy).
func buildApplication(
    settings: ServiceSettings,
    notifier: NotifierSettings = NotifierSettings(),
    policy: RetryPolicy? = nil,
    logger: Logger,
    registry: PrometheusCollectorRegistry,
    store: NotifierStore,
    context: ZMQContext
) throws -> some ApplicationProtocol {
    if let file = notifier.directoryFile {
        try store.loadDirectory(try NotifierDirectory.read(from: URL(fileURLWithPath: file)))
        logger.notice("directory loaded", metadata: ["notifier.directoryFile": "\(file)"])
    }
    let runtime = try ServiceRuntime(
        settings: settings, logger: logger, registry: registry, store: store.writer,
        handlers: store.eventHandlers, context: context)
    if store.links.ackLinks.usesDevelopmentSecret {
        logger.warning("acknowledgement links use the development secret; set ack.link.secret (ACK_LINK_SECRET)")
    }
    let router = runtime.makeRouter()
    DirectoryController(store: store).addRoutes(to: router)
    DirectoryItemsController(store: store).addRoutes(to: router)
    DeliveriesController(store: store).addRoutes(to: router)
    CAPController(store: store).addRoutes(to: router)
    let worker = DeliveryWorker(
        store: store, senders: notifier.senders(store: store),
        policy: policy ?? notifier.retryPolicy, interval: notifier.deliveryInterval, now: store.now, logger: logger)
    return runtime.makeApplication(router: router, services: [worker])
}
