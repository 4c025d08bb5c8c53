import BusTesting
import Foundation
import Testing

@testable import Notifier

/// aiosmtpd started for one test: its port and the messages it received.
final class SMTPSink: Sendable {
    let process: SpawnedProcess
    let port: Int
    let mailbox: URL

    /// Starts aiosmtpd writing to a mailbox in `directory`, with `options` (see smtp_sink.py).
    init(directory: URL, options: [String] = []) throws {
        // The test setup installs aiosmtpd when missing (as `make prerequisites` does).
        if try SpawnedProcess.run("/usr/bin/env", ["python3", "-c", "import aiosmtpd"]).status != 0 {
            _ = try SpawnedProcess.run("/usr/bin/env", ["python3", "-m", "pip", "install", "--quiet", "aiosmtpd"])
        }
        guard let script = Bundle.module.url(forResource: "smtp_sink", withExtension: "py") else {
            throw HarnessError("smtp_sink.py is not among the test resources")
        }
        mailbox = directory.appendingPathComponent("mailbox.jsonl")
        process = try SpawnedProcess(
            "/usr/bin/env", ["python3", script.path, mailbox.path] + options, standardOutput: .pipe,
            standardError: .capture)
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")), let pipe = process.pipe {
            let chunk = pipe.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.kill()
            throw HarnessError("aiosmtpd did not start: \(process.output())")
        }
        self.port = port
    }

    /// The messages received so far: (envelope recipients, raw data).
    func messages() throws -> [(to: [String], data: String)] {
        try sessions().map { ($0.to, $0.data) }
    }

    /// The messages received so far with how they came: over TLS, after AUTH as `login`.
    func sessions() throws -> [(to: [String], data: String, tls: Bool, login: String?)] {
        guard let text = try? String(contentsOf: mailbox, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return (
                object["to"] as? [String] ?? [], object["data"] as? String ?? "", object["tls"] as? Bool ?? false,
                object["login"] as? String
            )
        }
    }

    func stop() {
        process.kill()
    }
}

@Suite("Email: text and HTML over SMTP to a real aiosmtpd")
struct EmailTests {
    @Test("Chinese subject as RFC 2047, text and HTML parts, Date and Message-ID; one mail per recipient")
    func scenario() async throws {
        let harness = try Harness()
        let sink = try SMTPSink(directory: harness.directory.url)
        defer { sink.stop() }
        // Given the bureau's duty address as an email channel next to its webhook
        var directory = World.directory()
        directory.departments[0].channels.append(.init(id: "bureau-mail", kind: "email", target: "duty@bureau.example"))
        directory.departments[0].subscriptions = [
            .init(id: "bureau-mail-all", channel: "bureau-mail", topicPrefix: "emergency.incident.")
        ]
        #expect(directory.problem() == nil)
        try await harness.store.replaceDirectory(directory)
        // When an incident opens and is escalated
        try await harness.incident(World.incident(), eventId: "e1")
        try await harness.incident(World.incident(.escalated, level: "II"), eventId: "e2")
        #expect(await harness.worker(smtpPort: sink.port).tick() == 2)
        // Then exactly two mails arrived, well formed
        let messages = try sink.messages()
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { $0.to == ["duty@bureau.example"] })
        let first = try #require(messages.first?.data)
        #expect(first.contains("Message-ID: <e1.bureau.bureau-mail@greenheart>"))
        #expect(first.contains("\r\nDate: "))
        #expect(first.contains("Subject: =?UTF-8?B?"))
        #expect(first.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(first.contains("Content-Type: text/html; charset=UTF-8"))
        // The subject decodes to the Chinese headline
        let subjectLine = first.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") } ?? ""
        let decoded = subjectLine.dropFirst("Subject: ".count).split(separator: "?").dropFirst(3).first
            .flatMap { Data(base64Encoded: String($0)) }.map { String(decoding: $0, as: UTF8.self) }
        #expect(decoded?.hasPrefix("【Ⅲ级（较大） 新事件】") == true)
        #expect(try await harness.deliveries().allSatisfy { $0.state == .delivered })
        try await harness.expectValidCAP()
    }

    @Test("encoded words stay short and round-trip; ASCII stays as it is")
    func encodedWords() {
        #expect(EmailMessage.encodedWord("Test") == "Test")
        let long = String(repeating: "株洲市生态环境局", count: 6)
        let words = EmailMessage.encodedWord(long).components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 })
        let joined = words.compactMap { word -> String? in
            let parts = word.split(separator: "?")
            return parts.count >= 4
                ? Data(base64Encoded: String(parts[3])).map { String(decoding: $0, as: UTF8.self) } : nil
        }.joined()
        #expect(joined == long)
        #expect(EmailMessage.rfc5322(World.start) == "Mon, 02 Mar 2026 02:00:00 +0000")
    }
}
