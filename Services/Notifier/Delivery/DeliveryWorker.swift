import Foundation
import Logging
import ServiceLifecycle

/// Sends due deliveries from the queue every `interval` until graceful shutdown. The queue is in the
/// store, so a restart picks up where a killed process stopped (at worst resending with the same
/// idempotency key). The clock is injectable so tests can move time.
struct DeliveryWorker: Service {
    /// The store holding the queue.
    let store: NotifierStore
    /// The channels, by kind (`webhook`, `email`).
    let senders: [String: any DeliverySending]
    /// Backoff and attempt budget.
    let policy: RetryPolicy
    /// Time between queue checks.
    let interval: Duration
    /// The current time.
    let now: @Sendable () -> Date
    /// The process's logger.
    let logger: Logger

    /// Sends every delivery due now once; returns how many attempts were made.
    @discardableResult
    func tick() async -> Int {
        do {
            let repeats = try await store.scheduleRepeats(at: now())
            if repeats > 0 { logger.info("reminders queued", metadata: ["delivery.reminders": "\(repeats)"]) }
        } catch {
            // A failed reminder check must not hold up the deliveries already due.
            logger.error("reminder check failed", metadata: ["error": "\(error)"])
        }
        do {
            let due = try await store.dueDeliveries(at: now())
            for delivery in due {
                guard let id = delivery.id else { continue }
                let outcome: AttemptOutcome
                if let sender = senders[delivery.kind] {
                    outcome = await sender.send(delivery, secret: try await store.secret(ofChannel: delivery.channelId))
                } else {
                    outcome = .failed(status: nil, error: "channel kind '\(delivery.kind)' is not supported yet")
                }
                let after = try await store.record(outcome, deliveryId: id, at: now(), policy: policy)
                logger.info(
                    "delivery attempt",
                    metadata: [
                        "delivery.id": "\(id)", "delivery.key": "\(delivery.idempotencyKey)",
                        "delivery.state": "\(after?.state.rawValue ?? "gone")",
                    ])
            }
            return due.count
        } catch {
            logger.error("delivery check failed", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// Runs checks until graceful shutdown.
    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await tick()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
