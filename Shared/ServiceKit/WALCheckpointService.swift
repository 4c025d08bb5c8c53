import Logging
import ServiceLifecycle
import Store

/// A service's `WALCheckpointer`, stopped by graceful shutdown; its failures are logged.
public struct WALCheckpointService: Service {
    let checkpointer: WALCheckpointer

    /// Makes the service for the store at `path`.
    public init(path: String, logger: Logger) {
        checkpointer = WALCheckpointer(path: path) { what, error in
            logger.warning("WAL checkpointer: \(what)", metadata: ["error": "\(error)", "database": "\(path)"])
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await checkpointer.run() }
        // A checkpointer that could not open its store leaves the WAL to the writer; the service
        // goes on until shutdown, since ending early would stop the whole application.
        try? await gracefulShutdown()
    }
}
