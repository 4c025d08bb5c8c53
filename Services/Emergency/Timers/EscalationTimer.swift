import Foundation
import Logging
import ServiceLifecycle

/// Fires escalation and report timers every `interval` until graceful shutdown. The clock is
/// injectable so tests can move time.
struct EscalationTimer: Service {
    /// The store holding the deadlines.
    let store: EmergencyStore
    /// Time between checks.
    let interval: Duration
    /// The current time.
    let now: @Sendable () -> Date
    /// The process's logger.
    let logger: Logger

    /// Checks once; returns how many timers fired.
    @discardableResult
    func tick() async -> Int {
        do {
            let fired = try await store.fireTimers(at: now())
            if fired > 0 { logger.notice("timers fired", metadata: ["emergency.timers": "\(fired)"]) }
            return fired
        } catch {
            logger.error("timer check failed", metadata: ["error": "\(error)"])
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
