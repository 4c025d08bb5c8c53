import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an SMTP exchange failed; `permanent` when the server answered 5xx.
struct SMTPError: Error, CustomStringConvertible {
    /// What happened.
    var description: String
    /// Whether retrying cannot help (a 5xx reply).
    var permanent: Bool
}

/// A small plain SMTP client (RFC 5321: EHLO, MAIL, RCPT, DATA, QUIT) over a blocking socket run off
/// the cooperative pool. STARTTLS and AUTH are not implemented yet.
struct SMTPClient: Sendable {
    /// Server host (IPv4 address or name).
    var host: String
    /// Server port.
    var port: Int
    /// Name sent in EHLO.
    var heloName: String = "greenheart-notifier"
    /// Socket send and receive timeout.
    var timeout: Duration = .seconds(10)

    /// Sends `message` to its recipient.
    func send(_ message: EmailMessage) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                do {
                    try sendBlocking(message)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// The exchange, blocking.
    private func sendBlocking(_ message: EmailMessage) throws {
        let connection = try Connection(host: host, port: port, timeout: timeout)
        defer { connection.close() }
        try connection.expect(220)
        try connection.command("EHLO \(heloName)", expect: 250)
        try connection.command("MAIL FROM:<\(message.from)>", expect: 250)
        try connection.command("RCPT TO:<\(message.to)>", expect: 250)
        try connection.command("DATA", expect: 354)
        // Dot-stuffing: a line starting with "." gets another.
        let body = message.rendered().components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }
        try connection.write(body.joined(separator: "\r\n") + "\r\n.\r\n")
        try connection.expect(250)
        try? connection.command("QUIT", expect: 221)
    }
}

/// One TCP connection reading SMTP replies.
private final class Connection {
    private let fd: Int32
    private var buffer = [UInt8]()

    init(host: String, port: Int, timeout: Duration) throws {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw SMTPError(description: "cannot resolve \(host)", permanent: false)
        }
        defer { freeaddrinfo(result) }
        fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw SMTPError(description: "socket() failed", permanent: false) }
        let seconds = Int(timeout.components.seconds)
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            Glibc.close(fd)
            throw SMTPError(description: "cannot connect to \(host):\(port)", permanent: false)
        }
    }

    func close() { _ = Glibc.close(fd) }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        let total = bytes.count
        var offset = 0
        while offset < total {
            let start = offset
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + start }, total - start, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw SMTPError(description: "send failed", permanent: false) }
            offset += sent
        }
    }

    /// Reads one (possibly multi-line) reply; returns its code.
    func reply() throws -> (Int, String) {
        var lines: [String] = []
        while true {
            let line = try readLine()
            lines.append(line)
            // "250-..." continues, "250 ..." ends.
            if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" { break }
        }
        guard let last = lines.last, let code = Int(last.prefix(3)) else {
            throw SMTPError(description: "malformed reply \(lines)", permanent: false)
        }
        return (code, lines.joined(separator: " | "))
    }

    func expect(_ code: Int) throws {
        let (got, text) = try reply()
        guard got == code else { throw SMTPError(description: "expected \(code), got \(text)", permanent: got >= 500) }
    }

    func command(_ line: String, expect code: Int) throws {
        try write(line + "\r\n")
        try expect(code)
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[..<index]
                buffer.removeSubrange(...index)
                return String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            guard count > 0 else { throw SMTPError(description: "connection closed or timed out", permanent: false) }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
