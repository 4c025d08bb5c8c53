import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why an SMTP exchange failed; `permanent` when the server answered 5xx.
struct SMTPError: Error, CustomStringConvertible {
    /// What happened.
    var description: String
    /// Whether retrying cannot help (a 5xx reply).
    var permanent: Bool
}

/// One SMTP reply: its code and its lines' text.
struct SMTPReply: Sendable {
    /// The three-digit code.
    var code: Int
    /// The text of every line, without code and separator.
    var lines: [String]
}

/// A small SMTP client on SwiftNIO (RFC 5321: EHLO, MAIL, RCPT, DATA, QUIT), with STARTTLS (RFC 3207,
/// swift-nio-ssl) and AUTH PLAIN or LOGIN (RFC 4954) when configured. Credentials never go over a
/// connection without TLS unless `allowPlainAuth` says so (a relay on loopback).
struct SMTPClient: Sendable {
    /// Whether to upgrade the connection with STARTTLS.
    enum TLSMode: String, Sendable {
        /// Never (plain SMTP).
        case none
        /// Always; a server that does not offer STARTTLS is refused.
        case starttls
        /// When the server offers it (opportunistic; no protection against a downgrade).
        case starttlsIfOffered
    }

    /// A user name and password for AUTH.
    struct Credentials: Sendable {
        /// User name.
        var username: String
        /// Password.
        var password: String
    }

    /// Server host (address or name).
    var host: String
    /// Server port.
    var port: Int
    /// Name sent in EHLO.
    var heloName: String = "greenheart-notifier"
    /// How long the whole exchange may take.
    var timeout: Duration = .seconds(10)
    /// STARTTLS mode.
    var tls: TLSMode = .none
    /// PEM file of the roots trusted for the server's certificate (default: the system's).
    var caFile: String? = nil
    /// The name checked in the server's certificate (default: `host`; an IP address is checked
    /// against the certificate's IP entries).
    var serverName: String? = nil
    /// AUTH credentials, when the relay needs them.
    var credentials: Credentials? = nil
    /// Whether AUTH may go over a connection without TLS.
    var allowPlainAuth: Bool = false

    /// Sends `message` to its recipient within `timeout`.
    func send(_ message: EmailMessage) async throws {
        let (channel, replies) = try await connect()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await exchange(message, channel: channel, replies: replies) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw SMTPError(description: "SMTP exchange with \(host):\(port) timed out", permanent: false)
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            try? await channel.close()
            throw error
        }
        try? await channel.close()
    }

    /// Opens the TCP connection with the reply reader in its pipeline.
    private func connect() async throws -> (any Channel, AsyncThrowingStream<SMTPReply, any Error>) {
        let (replies, continuation) = AsyncThrowingStream<SMTPReply, any Error>.makeStream()
        let seconds = max(1, Int64(timeout.components.seconds))
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(seconds))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyReader(continuation: continuation))
                    }
                }
                .connect(host: host, port: port).get()
            return (channel, replies)
        } catch {
            throw SMTPError(description: "cannot connect to \(host):\(port): \(error)", permanent: false)
        }
    }

    /// The dialogue: greeting, EHLO, STARTTLS and EHLO again, AUTH, the envelope, the data, QUIT.
    private func exchange(
        _ message: EmailMessage, channel: any Channel, replies: AsyncThrowingStream<SMTPReply, any Error>
    ) async throws {
        var dialogue = Dialogue(channel: channel, replies: replies.makeAsyncIterator())
        try await dialogue.expect(220)
        var extensions = try await dialogue.command("EHLO \(heloName)", expect: 250).lines.dropFirst().map {
            $0.uppercased()
        }
        var secured = false
        let offersTLS = extensions.contains("STARTTLS")
        if tls == .starttls || (tls == .starttlsIfOffered && offersTLS) {
            guard offersTLS else {
                throw SMTPError(description: "\(host):\(port) does not offer STARTTLS", permanent: false)
            }
            try await dialogue.command("STARTTLS", expect: 220)
            try await startTLS(on: channel)
            secured = true
            // RFC 3207: forget everything learnt before TLS and ask again.
            extensions = try await dialogue.command("EHLO \(heloName)", expect: 250).lines.dropFirst().map {
                $0.uppercased()
            }
        }
        if let credentials {
            guard secured || allowPlainAuth else {
                throw SMTPError(
                    description: "refusing to send SMTP credentials without TLS (set notifier.smtp.tls)",
                    permanent: true)
            }
            let mechanisms = Set(
                extensions.first { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }?.dropFirst(5)
                    .split(separator: " ").map(String.init) ?? [])
            if mechanisms.contains("PLAIN") {
                let token = Data("\u{0}\(credentials.username)\u{0}\(credentials.password)".utf8).base64EncodedString()
                try await dialogue.command("AUTH PLAIN \(token)", expect: 235, secret: true)
            } else if mechanisms.contains("LOGIN") {
                try await dialogue.command("AUTH LOGIN", expect: 334)
                try await dialogue.command(Data(credentials.username.utf8).base64EncodedString(), expect: 334)
                try await dialogue.command(
                    Data(credentials.password.utf8).base64EncodedString(), expect: 235, secret: true)
            } else {
                throw SMTPError(
                    description: "\(host):\(port) offers no AUTH PLAIN or LOGIN (offers: \(mechanisms.sorted()))",
                    permanent: true)
            }
        }
        try await dialogue.command("MAIL FROM:<\(message.from)>", expect: 250)
        try await dialogue.command("RCPT TO:<\(message.to)>", expect: 250)
        try await dialogue.command("DATA", expect: 354)
        // Dot-stuffing: a line starting with "." gets another.
        let body = message.rendered().components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }
        try await dialogue.write(body.joined(separator: "\r\n") + "\r\n.\r\n")
        try await dialogue.expect(250)
        _ = try? await dialogue.command("QUIT", expect: 221)
    }

    /// Puts TLS in front of the pipeline, verifying the server's certificate.
    private func startTLS(on channel: any Channel) async throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        if let caFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw SMTPError(description: "cannot read notifier.smtp.caFile \(caFile): \(error)", permanent: true)
            }
        }
        let context = try NIOSSLContext(configuration: configuration)
        let name = serverName ?? host
        // SNI takes names only; an address is checked against the certificate's IP entries instead.
        let isAddress = (try? SocketAddress(ipAddress: name, port: 0)) != nil
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : name)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }
}

/// Writes commands and reads replies of one connection, in order.
private struct Dialogue {
    let channel: any Channel
    var replies: AsyncThrowingStream<SMTPReply, any Error>.AsyncIterator

    /// Writes `text` as it is.
    func write(_ text: String) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text))
        } catch {
            throw SMTPError(description: "SMTP write failed: \(error)", permanent: false)
        }
    }

    /// Reads the next reply and checks its code.
    @discardableResult
    mutating func expect(_ code: Int, after command: String? = nil) async throws -> SMTPReply {
        let reply: SMTPReply?
        do {
            reply = try await replies.next()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(description: "SMTP connection failed: \(error)", permanent: false)
        }
        guard let reply else { throw SMTPError(description: "SMTP server closed the connection", permanent: false) }
        guard reply.code == code else {
            let context = command.map { " to \($0)" } ?? ""
            throw SMTPError(
                description: "expected \(code)\(context), got \(reply.code) \(reply.lines.joined(separator: " | "))",
                permanent: reply.code >= 500)
        }
        return reply
    }

    /// Sends one command line and checks the reply's code; `secret` keeps the line out of errors.
    @discardableResult
    mutating func command(_ line: String, expect code: Int, secret: Bool = false) async throws -> SMTPReply {
        try await write(line + "\r\n")
        let shown = secret ? String(line.prefix(while: { $0 != " " })) + " …" : line
        return try await expect(code, after: shown)
    }
}

/// Splits the inbound bytes into lines and lines into replies (`250-…` continues, `250 …` ends).
private final class SMTPReplyReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncThrowingStream<SMTPReply, any Error>.Continuation
    private var buffer = ByteBuffer()
    private var lines: [String] = []

    init(continuation: AsyncThrowingStream<SMTPReply, any Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        while let index = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = index - buffer.readerIndex
            guard var line = buffer.readString(length: length) else { break }
            buffer.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            guard line.utf8.count >= 3, let code = Int(line.prefix(3)) else {
                continuation.finish(
                    throwing: SMTPError(description: "malformed SMTP reply '\(line)'", permanent: false))
                context.close(promise: nil)
                return
            }
            let separator = line.dropFirst(3).first
            lines.append(String(line.dropFirst(4)))
            if separator != "-" {
                continuation.yield(SMTPReply(code: code, lines: lines))
                lines = []
            }
        }
        if buffer.readableBytes > 64 * 1024 {
            continuation.finish(throwing: SMTPError(description: "SMTP reply line too long", permanent: false))
            context.close(promise: nil)
        }
        buffer.discardReadBytes()
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: SMTPError(description: "SMTP connection error: \(error)", permanent: false))
        context.close(promise: nil)
    }
}
