import ArgumentParser
import Foundation

/// `greenheart sink`: a local stand-in for a mail relay and a department's webhook endpoint, so a demo
/// or a first run can watch notifications arrive without any outside server.
struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink",
        abstract: "Receive notifications locally: SMTP into an mbox file, webhook POSTs into a JSON-lines file.",
        discussion: """
            Accepts every message on the SMTP port (no relaying, no authentication) and appends it to --mailbox \
            in mbox format (open it with `mutt -f`, Thunderbird's import, or any text editor); answers every POST \
            on the HTTP port with 200 and appends one JSON line per request to --webhook-log. Each record is on \
            disk before the sender is answered. Runs until stopped; a port of 0 picks a free one (printed).
            """)

    @Option(help: "Bind address.")
    var host = "127.0.0.1"

    @Option(name: .customLong("smtp-port"), help: "SMTP port.")
    var smtpPort = 2525

    @Option(name: .customLong("http-port"), help: "Webhook HTTP port.")
    var httpPort = 8099

    @Option(help: "The mbox file messages are appended to.")
    var mailbox = "data/sink/mailbox.mbox"

    @Option(name: .customLong("webhook-log"), help: "The JSON-lines file webhook requests are appended to.")
    var webhookLog = "data/sink/webhooks.jsonl"

    func run() async throws {
        let mailboxFile = try AppendOnlyFile(url: URL(fileURLWithPath: mailbox))
        let webhookFile = try AppendOnlyFile(url: URL(fileURLWithPath: webhookLog))
        let host = host
        let smtp = SMTPReceiver(host: host, port: smtpPort, mailbox: mailboxFile)
        let http = WebhookReceiver(host: host, port: httpPort, log: webhookFile)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await smtp.run { port in Console.line("sink: SMTP on \(host):\(port) → \(mailboxFile.url.path)") }
            }
            group.addTask {
                try await http.run { port in
                    Console.line("sink: webhooks on http://\(host):\(port) → \(webhookFile.url.path)")
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
