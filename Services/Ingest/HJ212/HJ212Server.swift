import Domain
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The device listener: accepts HJ 212 connections and serves each one until it closes or idles out.
struct HJ212Server: Service {
    /// Where and how to listen.
    let configuration: HJ212ServerConfiguration
    /// Where packets go.
    let store: IngestStore
    /// The open connections.
    let connections: ConnectionRegistry
    /// The process logger.
    let logger: Logger
    /// Called once with the bound port.
    let onListening: @Sendable (Int) -> Void

    /// Makes the server.
    init(
        configuration: HJ212ServerConfiguration, store: IngestStore, connections: ConnectionRegistry, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.store = store
        self.connections = connections
        self.logger = logger
        self.onListening = onListening
    }

    /// Binds, then accepts connections until graceful shutdown.
    func run() async throws {
        let idle = configuration.idleTimeout
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idle))
                    try channel.pipeline.syncOperations.addHandler(IdleCloseHandler())
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? configuration.port
        logger.info(
            "HJ 212 listener bound", metadata: ["hj212.port": "\(port)", "hj212.host": "\(configuration.host)"])
        onListening(port)
        let connections = connections
        let committer = PacketCommitter(store: store, globalOptions: configuration.globalOptions)
        try await withGracefulShutdownHandler {
            try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask {
                            await HJ212Session(
                                channel: connection, committer: committer, connections: connections,
                                globalOptions: configuration.globalOptions, logger: logger
                            ).run()
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            connections.closeAll()
        }
    }
}
