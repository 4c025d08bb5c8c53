import Foundation

/// An RFC 5322 message with a text and an HTML part (multipart/alternative), inside
/// multipart/mixed when it has attachments; UTF-8 throughout: headers with non-ASCII text are RFC 2047
/// encoded words, bodies base64.
struct EmailMessage: Sendable, Equatable {
    /// A file sent with the message.
    struct Attachment: Sendable, Equatable {
        /// Its file name (ASCII).
        var filename: String
        /// Its media type, e.g. `application/cap+xml`.
        var contentType: String
        /// Its bytes.
        var data: Data
    }

    /// Sender address.
    var from: String
    /// Sender display name.
    var fromName: String
    /// Recipient address.
    var to: String
    /// Subject (may be Chinese).
    var subject: String
    /// Plain-text body.
    var text: String
    /// HTML body.
    var html: String
    /// The Message-ID without angle brackets (stable per idempotency key, so resends share it).
    var messageId: String
    /// The Date header's time.
    var date: Date
    /// Files sent with it.
    var attachments: [Attachment] = []

    /// `text` as an RFC 2047 `=?UTF-8?B?…?=` encoded word (split to keep lines short) when not ASCII.
    static func encodedWord(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            // 45 bytes of UTF-8 become 60 base64 characters: a word stays under 75.
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// The RFC 5322 date of `date` in UTC, e.g. `Mon, 02 Mar 2026 02:00:00 +0000`.
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// Base64 in lines of 76 characters.
    static func base64Lines(_ text: String) -> String {
        base64Lines(Data(text.utf8))
    }

    /// Base64 of `data` in lines of 76 characters.
    static func base64Lines(_ data: Data) -> String {
        let encoded = data.base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\r\n")
    }

    /// The whole message with CRLF line ends.
    func rendered() -> String {
        // "=_" never occurs in base64 bodies, so the boundaries cannot collide with content.
        let alternative = "=_greenheart_alternative"
        let mixed = "=_greenheart_mixed"
        var lines = [
            "From: \(Self.encodedWord(fromName)) <\(from)>",
            "To: <\(to)>",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: <\(messageId)>",
            "MIME-Version: 1.0",
        ]
        if !attachments.isEmpty {
            lines += ["Content-Type: multipart/mixed; boundary=\"\(mixed)\"", "", "--\(mixed)"]
        }
        lines += [
            "Content-Type: multipart/alternative; boundary=\"\(alternative)\"",
            "",
            "--\(alternative)",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            Self.base64Lines(text),
            "--\(alternative)",
            "Content-Type: text/html; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            Self.base64Lines(html),
            "--\(alternative)--",
        ]
        for attachment in attachments {
            lines += [
                "",
                "--\(mixed)",
                "Content-Type: \(attachment.contentType); name=\"\(attachment.filename)\"",
                "Content-Disposition: attachment; filename=\"\(attachment.filename)\"",
                "Content-Transfer-Encoding: base64",
                "",
                Self.base64Lines(attachment.data),
            ]
        }
        if !attachments.isEmpty { lines.append("--\(mixed)--") }
        lines.append("")
        return lines.joined(separator: "\r\n")
    }
}
