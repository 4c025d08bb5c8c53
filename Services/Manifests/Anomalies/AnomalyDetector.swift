import Foundation
import Logging
import ServiceLifecycle

/// Scans for time-based anomalies (overdue confirmation, too long in transit, disposal overdue)
/// every `interval`, until graceful shutdown. The clock is injectable so tests can move time.
struct AnomalyDetector: Service {
    /// The store to scan.
    let store: ManifestsStore
    /// Time between scans.
    let interval: Duration
    /// The current time.
    let now: @Sendable () -> Date
    /// The process's logger.
    let logger: Logger

    /// Scans once; returns how many anomalies were raised.
    @discardableResult
    func scan() async -> Int {
        do {
            let raised = try await store.detectAnomalies(now: now())
            for anomaly in raised {
                logger.notice(
                    "anomaly detected",
                    metadata: ["manifest.number": "\(anomaly.number)", "anomaly.kind": "\(anomaly.kind.rawValue)"])
            }
            return raised.count
        } catch {
            logger.error("anomaly scan failed", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// Runs scans until graceful shutdown.
    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await scan()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
