import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Copies a store's write-ahead log back into its database file from a connection of its own.
///
/// Left to itself, SQLite does that copy inside the writer's commit once the log passes its
/// threshold, and every transaction queued behind that commit waits for the copy and its two
/// syncs. Here the writer's threshold is only a backstop (`DatabaseOpener.autocheckpointPages`);
/// this service copies the log in passive mode — never blocking the writer or a reader — every
/// `interval`, so the writer keeps writing while pages are copied, and a page written many times
/// between two copies is copied once.
public struct WALCheckpointer: Service {
    /// The database file.
    public let path: String
    /// The pause between two copies.
    public let interval: Duration
    let logger: Logger

    /// Makes a checkpointer for the database at `path`.
    public init(path: String, interval: Duration = .milliseconds(500), logger: Logger) {
        self.path = path
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var configuration = Configuration()
        // Passive checkpoints never wait for a lock; they copy what they can and return.
        configuration.busyMode = .immediateError
        configuration.label = "greenheart.wal-checkpoint"
        let connection: DatabaseQueue
        do {
            connection = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            // The writer's own checkpoints still bound the WAL; the service must not stop for this.
            logger.error(
                "WAL checkpointer cannot open the store", metadata: ["error": "\(error)", "database": "\(path)"])
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            do {
                try await connection.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
            } catch {
                logger.warning("WAL checkpoint failed", metadata: ["error": "\(error)", "database": "\(path)"])
            }
        }
    }
}
