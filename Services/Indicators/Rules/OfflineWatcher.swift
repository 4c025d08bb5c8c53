import Foundation
import Logging
import ServiceLifecycle

/// Evaluates the station-offline rules every `interval` until graceful shutdown; the clock is injectable.
struct OfflineWatcher: Service {
    /// The store.
    let store: IndicatorsStore
    /// Time between evaluations.
    let interval: Duration
    /// The current time.
    let now: @Sendable () -> Date
    /// The process's logger.
    let logger: Logger

    /// Evaluates once.
    func evaluate() async {
        do {
            try await store.evaluateOffline(now: now())
        } catch {
            logger.error("offline evaluation failed", metadata: ["error": "\(error)"])
        }
    }

    /// Runs evaluations until graceful shutdown.
    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await evaluate()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
