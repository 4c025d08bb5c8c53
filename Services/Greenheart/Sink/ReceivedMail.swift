import Foundation

/// One message as the sink received it.
struct ReceivedMail: Sendable {
    /// The envelope sender.
    var sender: String
    /// The envelope recipients.
    var recipients: [String]
    /// The message's lines, headers and body, as sent (dot-stuffing undone).
    var lines: [String]
    /// When it arrived.
    var receivedAt: Date

    /// The message as an mbox record: a `From ` separator line, envelope headers, the message with
    /// lines that start with `From ` quoted (mboxrd), and a blank line.
    var mboxRecord: Data {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM dd HH:mm:ss yyyy"
        var text = "From \(sender.isEmpty ? "MAILER-DAEMON" : sender) \(formatter.string(from: receivedAt))\n"
        text += "Return-Path: <\(sender)>\n"
        text += "Delivered-To: \(recipients.joined(separator: ", "))\n"
        for line in lines {
            let unquoted = line.drop(while: { $0 == ">" })
            text += (unquoted.hasPrefix("From ") ? ">" + line : line) + "\n"
        }
        text += "\n"
        return Data(text.utf8)
    }
}
