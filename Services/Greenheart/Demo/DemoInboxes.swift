import Foundation

/// Reads what the sink wrote: the mbox mailbox and the webhook JSON-lines log.
enum DemoInboxes {
    /// One message of the mailbox: its recipient and decoded subject.
    struct Mail: Sendable {
        /// The `To:` address.
        var to: String
        /// The subject, RFC 2047 encoded words decoded.
        var subject: String
    }

    /// The messages in the mbox file at `path` (none when it does not exist yet).
    static func mails(at path: String) -> [Mail] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var mails: [Mail] = []
        var headers: [String] = []
        var inHeaders = false
        func finish() {
            guard !headers.isEmpty else { return }
            func header(_ name: String) -> String {
                let prefix = name.lowercased() + ":"
                let line = headers.first { $0.lowercased().hasPrefix(prefix) } ?? ""
                return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            }
            let to = header("To").trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
            mails.append(Mail(to: to, subject: decodeWords(header("Subject"))))
            headers = []
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            if line.hasPrefix("From ") {
                finish()
                inHeaders = true
                continue
            }
            guard inHeaders else { continue }
            if line.isEmpty {
                inHeaders = false
                finish()
            } else if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                headers.append(line)
            }
        }
        finish()
        return mails
    }

    /// Decodes `=?UTF-8?B?…?=` words (base64 UTF-8, as the notifier writes them); other text stays.
    static func decodeWords(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            if !before.trimmingCharacters(in: .whitespaces).isEmpty || result.isEmpty { result += before }
            let word = rest[start.upperBound...]
            let parts = word.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[1].uppercased() == "B", parts[3].hasPrefix("="),
                let data = Data(base64Encoded: String(parts[2]))
            else {
                result += rest[start.lowerBound...]
                return result
            }
            result += String(decoding: data, as: UTF8.self)
            rest = parts[3].dropFirst()
        }
        return result + rest
    }

    /// The JSON objects of the webhook log at `path` (none when it does not exist yet).
    static func webhooks(at path: String) -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}
