import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP server that answers every POST with 200 and appends it to a JSON-lines log: when,
/// the path, the `Idempotency-Key` and `X-Greenheart-Signature` headers and the body (as JSON when it is).
struct WebhookReceiver: Sendable {
    /// Bind address.
    var host: String
    /// Port (0: any free one).
    var port: Int
    /// The log.
    var log: AppendOnlyFile

    /// Binds; `onListening` gets the port; then serves connections until cancelled.
    func run(onListening: @Sendable (Int) -> Void) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        onListening(server.channel.localAddress?.port ?? port)
        let log = log
        try await server.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    group.addTask { try? await Self.serve(connection, log: log) }
                }
            }
        }
    }

    /// One connection, possibly several requests (keep-alive).
    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, log: AppendOnlyFile
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let request = head else { continue }
                    var status = HTTPResponseStatus.ok
                    var answer = #"{"received":true}"#
                    if request.method == .POST {
                        do {
                            try log.append(record(request, body: Data(body.readableBytesView)))
                        } catch {
                            status = .internalServerError
                            answer = #"{"received":false}"#
                        }
                    } else {
                        status = .methodNotAllowed
                        answer = #"{"error":"POST only"}"#
                    }
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: "\(answer.utf8.count)")
                    try await outbound.write(
                        .head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: answer))))
                    try await outbound.write(.end(nil))
                    head = nil
                }
            }
        }
    }

    /// The log line of one request.
    private static func record(_ request: HTTPRequestHead, body: Data) throws -> Data {
        var entry: [String: Any] = [
            "receivedAt": ISO8601DateFormatter().string(from: Date()), "path": request.uri,
            "body": (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]))
                ?? String(decoding: body, as: UTF8.self),
        ]
        if let key = request.headers.first(name: "Idempotency-Key") { entry["idempotencyKey"] = key }
        if let signature = request.headers.first(name: "X-Greenheart-Signature") { entry["signature"] = signature }
        var line = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes])
        line.append(0x0A)
        return line
    }
}
