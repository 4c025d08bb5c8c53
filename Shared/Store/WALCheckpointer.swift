import Foundation
import GRDB

/// Copies a store's write-ahead log back into its database file from a connection of its own.
///
/// Left to itself, SQLite does that copy inside the writer's commit once the log passes its
/// threshold, and every transaction queued behind that commit waits for the copy and its two
/// syncs. Here the writer's threshold is only a backstop (`DatabaseOpener.autocheckpointPages`);
/// this copies the log in passive mode — never blocking the writer or a reader — every `interval`,
/// so the writer keeps writing while pages are copied, and a page written many times between two
/// copies is copied once. Services run it as `WALCheckpointService`; the bench probes as a task.
public struct WALCheckpointer: Sendable {
    /// The database file.
    public let path: String
    /// The pause between two copies. Short (100 ms by default), so that each copy and the syncs it
    /// ends with stay small: copies every 500 ms raised the bus's p99 publish-to-apply from ~7 ms to
    /// ~30 ms, as commits waited behind the flush of half a second of pages.
    public let interval: Duration
    /// Told of a copy that failed, or of a store that could not be opened (then `run` returns).
    public let onError: @Sendable (_ what: String, _ error: any Error) -> Void

    /// Makes a checkpointer for the database at `path`.
    public init(
        path: String, interval: Duration = .milliseconds(100),
        onError: @escaping @Sendable (_ what: String, _ error: any Error) -> Void = { _, _ in }
    ) {
        self.path = path
        self.interval = interval
        self.onError = onError
    }

    /// Copies the log every `interval` until the task is cancelled.
    public func run() async {
        var configuration = Configuration()
        // Passive checkpoints never wait for a lock; they copy what they can and return.
        configuration.busyMode = .immediateError
        configuration.label = "greenheart.wal-checkpoint"
        let connection: DatabaseQueue
        do {
            connection = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            // The writer's own checkpoints still bound the WAL.
            onError("cannot open the store", error)
            return
        }
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                try await connection.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
            } catch is CancellationError {
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                // Another checkpoint (the writer's backstop) is running; the next turn copies on.
                continue
            } catch {
                if Task.isCancelled { return }
                onError("checkpoint failed", error)
            }
        }
    }
}
