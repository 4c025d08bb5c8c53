import Foundation

/// The receiving side of one SMTP conversation (RFC 5321: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP,
/// QUIT), as a state machine fed one line at a time. No relaying, no authentication: a local sink.
struct SMTPSession {
    /// What one line leads to.
    struct Step {
        /// The reply to send, if any.
        var reply: String?
        /// A complete message, to store before the reply is sent.
        var message: ReceivedMail?
        /// Whether to close the connection after the reply.
        var close = false
    }

    private var sender: String?
    private var recipients: [String] = []
    private var data: [String]?

    /// Makes a session waiting for its first command.
    init() {}

    /// The greeting sent on connection.
    static let greeting = "220 greenheart-sink ESMTP ready"

    /// Handles one line (without its line end).
    mutating func handle(_ line: String) -> Step {
        if data != nil {
            guard line != "." else {
                let message = ReceivedMail(
                    sender: sender ?? "", recipients: recipients, lines: data ?? [], receivedAt: Date())
                data = nil
                sender = nil
                recipients = []
                return Step(reply: "250 OK message accepted", message: message)
            }
            // Dot-stuffing: a leading "." was doubled by the client.
            data?.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
            return Step()
        }
        let verb = line.prefix(while: { $0 != " " && $0 != ":" }).uppercased()
        switch verb {
        case "EHLO": return Step(reply: "250-greenheart-sink\r\n250 8BITMIME")
        case "HELO": return Step(reply: "250 greenheart-sink")
        case "MAIL":
            sender = Self.address(in: line)
            recipients = []
            return Step(reply: "250 OK")
        case "RCPT":
            guard sender != nil else { return Step(reply: "503 MAIL first") }
            recipients.append(Self.address(in: line))
            return Step(reply: "250 OK")
        case "DATA":
            guard sender != nil, !recipients.isEmpty else { return Step(reply: "503 MAIL and RCPT first") }
            data = []
            return Step(reply: "354 end data with <CR><LF>.<CR><LF>")
        case "RSET":
            sender = nil
            recipients = []
            return Step(reply: "250 OK")
        case "NOOP": return Step(reply: "250 OK")
        case "QUIT": return Step(reply: "221 bye", close: true)
        default: return Step(reply: "502 command not implemented")
        }
    }

    /// The address between angle brackets in `MAIL FROM:<…>` / `RCPT TO:<…>`.
    private static func address(in line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">") else {
            return String(line.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces)
        }
        return String(line[line.index(after: open)..<close])
    }
}
