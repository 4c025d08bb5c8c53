import Foundation
import NIOCore
import NIOPosix

/// A minimal SMTP server that appends every message it accepts to an mbox file.
struct SMTPReceiver: Sendable {
    /// Bind address.
    var host: String
    /// Port (0: any free one).
    var port: Int
    /// The mailbox.
    var mailbox: AppendOnlyFile

    /// Binds; `onListening` gets the port; then serves connections until cancelled.
    func run(onListening: @Sendable (Int) -> Void) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        onListening(server.channel.localAddress?.port ?? port)
        let mailbox = mailbox
        try await server.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    group.addTask { try? await Self.serve(connection, mailbox: mailbox) }
                }
            }
        }
    }

    /// One conversation.
    private static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, mailbox: AppendOnlyFile)
        async throws
    {
        try await connection.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: SMTPSession.greeting + "\r\n"))
            var session = SMTPSession()
            var pending: [UInt8] = []
            for try await buffer in inbound {
                pending += Array(buffer.readableBytesView)
                while let end = pending.firstIndex(of: 0x0A) {
                    var line = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeSubrange(...end)
                    if line.hasSuffix("\r") { line.removeLast() }
                    let step = session.handle(line)
                    if let message = step.message {
                        do {
                            try mailbox.append(message.mboxRecord)
                        } catch {
                            try await outbound.write(ByteBuffer(string: "451 cannot store the message\r\n"))
                            continue
                        }
                    }
                    if let reply = step.reply { try await outbound.write(ByteBuffer(string: reply + "\r\n")) }
                    if step.close { return }
                }
            }
        }
    }
}
