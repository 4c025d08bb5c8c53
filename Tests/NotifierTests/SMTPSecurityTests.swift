import BusTesting
import Foundation
import ServiceKit
import Testing

@testable import Notifier

/// A self-signed certificate for 127.0.0.1 and localhost, made with openssl in `directory`.
func selfSignedCertificate(in directory: URL) throws -> (certificate: String, key: String) {
    let certificate = directory.appendingPathComponent("relay-cert.pem").path
    let key = directory.appendingPathComponent("relay-key.pem").path
    let (status, _) = try SpawnedProcess.run(
        "/usr/bin/env",
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days",
            "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
    guard status == 0 else { throw HarnessError("openssl could not make a certificate") }
    return (certificate, key)
}

@Suite("SMTP: STARTTLS and AUTH against a real aiosmtpd")
struct SMTPSecurityTests {
    static let mail = EmailMessage(
        from: "notifier@greenheart.local", fromName: "株洲市生态环境局", to: "duty@bureau.example", subject: "测试 STARTTLS",
        text: "正文", html: "<p>正文</p>", messageId: "tls-test@greenheart", date: World.start)

    @Test("STARTTLS with a trusted certificate, then AUTH PLAIN; the relay sees TLS and the login")
    func starttlsAndPlain() async throws {
        let harness = try Harness()
        let (certificate, key) = try selfSignedCertificate(in: harness.directory.url)
        let sink = try SMTPSink(
            directory: harness.directory.url,
            options: ["--auth", "duty:pa55", "--tls", certificate, key, "--require-starttls"])
        defer { sink.stop() }
        // Given the notifier configured for the relay as an operator would
        var settings = NotifierSettings(webhookTimeout: .seconds(10))
        settings.smtpPort = sink.port
        settings.smtpTLS = .starttls
        settings.smtpCAFile = certificate
        settings.smtpUsername = "duty"
        settings.smtpPassword = "pa55"
        var directory = World.directory()
        directory.departments[0].channels.append(.init(id: "bureau-mail", kind: "email", target: "duty@bureau.example"))
        directory.departments[0].subscriptions = [
            .init(id: "bureau-mail-all", channel: "bureau-mail", topicPrefix: "emergency.incident.")
        ]
        try await harness.store.replaceDirectory(directory)
        // When an incident is delivered
        try await harness.incident(World.incident(), eventId: "e1")
        let worker = DeliveryWorker(
            store: harness.store, senders: settings.senders(store: harness.store),
            policy: RetryPolicy(base: .seconds(1), cap: .seconds(60), maxAttempts: 5, jitter: { 1 }),
            interval: .seconds(3600), now: { [clock = harness.clock] in clock.withLock { $0 } }, logger: Harness.logger)
        #expect(await worker.tick() == 1)
        // Then it arrived over TLS after AUTH as duty
        let sessions = try sink.sessions()
        #expect(sessions.count == 1)
        #expect(sessions.first?.tls == true && sessions.first?.login == "duty")
        #expect(try await harness.deliveries().first?.state == .delivered)
    }

    @Test("AUTH LOGIN when the relay offers only LOGIN; AUTH over plain only when explicitly allowed")
    func loginAndPlainAuth() async throws {
        let harness = try Harness()
        let (certificate, key) = try selfSignedCertificate(in: harness.directory.url)
        let loginOnly = try SMTPSink(
            directory: harness.directory.url.appendingPathComponent("a", isDirectory: true).creatingDirectory(),
            options: ["--auth", "duty:pa55", "--mechanisms", "LOGIN", "--tls", certificate, key])
        defer { loginOnly.stop() }
        try await SMTPClient(
            host: "127.0.0.1", port: loginOnly.port, tls: .starttls, caFile: certificate,
            credentials: .init(username: "duty", password: "pa55")
        ).send(Self.mail)
        #expect(try loginOnly.sessions().map(\.login) == ["duty"])
        #expect(try loginOnly.sessions().map(\.tls) == [true])
        let plain = try SMTPSink(
            directory: harness.directory.url.appendingPathComponent("b", isDirectory: true).creatingDirectory(),
            options: ["--auth", "duty:pa55", "--plain-auth"])
        defer { plain.stop() }
        try await SMTPClient(
            host: "127.0.0.1", port: plain.port, credentials: .init(username: "duty", password: "pa55"),
            allowPlainAuth: true
        ).send(Self.mail)
        #expect(try plain.sessions().map(\.login) == ["duty"])
        #expect(try plain.sessions().map(\.tls) == [false])
    }

    @Test("refused: credentials without TLS, a wrong password, no STARTTLS offered, an untrusted certificate")
    func refusals() async throws {
        let harness = try Harness()
        let (certificate, key) = try selfSignedCertificate(in: harness.directory.url)
        let secured = try SMTPSink(
            directory: harness.directory.url, options: ["--auth", "duty:pa55", "--tls", certificate, key])
        defer { secured.stop() }
        let plain = try SMTPSink(
            directory: harness.directory.url.appendingPathComponent("p", isDirectory: true).creatingDirectory())
        defer { plain.stop() }
        let credentials = SMTPClient.Credentials(username: "duty", password: "pa55")
        let cases: [(String, SMTPClient, Bool, String)] = [
            (
                "credentials over plain", SMTPClient(host: "127.0.0.1", port: secured.port, credentials: credentials),
                true, "without TLS"
            ),
            (
                "wrong password",
                SMTPClient(
                    host: "127.0.0.1", port: secured.port, tls: .starttls, caFile: certificate,
                    credentials: .init(username: "duty", password: "nope")), true, "535"
            ),
            ("no credentials where required", SMTPClient(host: "127.0.0.1", port: secured.port), true, "530"),
            (
                "STARTTLS not offered", SMTPClient(host: "127.0.0.1", port: plain.port, tls: .starttls), false,
                "STARTTLS"
            ),
            (
                "untrusted certificate",
                SMTPClient(host: "127.0.0.1", port: secured.port, tls: .starttls, credentials: credentials), false,
                "SMTP"
            ),
        ]
        for (name, client, permanent, text) in cases {
            do {
                try await client.send(Self.mail)
                Issue.record("\(name): sent")
            } catch let error as SMTPError {
                #expect(error.permanent == permanent, "\(name): \(error)")
                #expect(error.description.contains(text), "\(name): \(error)")
                #expect(!error.description.contains("pa55"), "\(name) leaks the password: \(error)")
            }
        }
        #expect(try secured.sessions().isEmpty && plain.sessions().isEmpty)
        // STARTTLS when offered falls back to plain against a relay without it
        try await SMTPClient(host: "127.0.0.1", port: plain.port, tls: .starttlsIfOffered).send(Self.mail)
        #expect(try plain.sessions().map(\.tls) == [false])
    }
}

extension URL {
    /// Creates this directory (and its parents) and returns it.
    func creatingDirectory() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}

@Suite("SMTP settings: read from configuration, a wrong TLS mode refused")
struct SMTPSettingsTests {
    @Test(
        "STARTTLS, CA file, credentials and public URLs come from the environment; a typo in the TLS mode stops start-up"
    )
    func settings() throws {
        let settings = try NotifierSettings(
            reader: ServiceConfigReader.make(values: [
                "NOTIFIER_SMTP_TLS": "starttls", "NOTIFIER_SMTP_CA_FILE": "/etc/relay.pem",
                "NOTIFIER_SMTP_USERNAME": "duty", "NOTIFIER_SMTP_PASSWORD": "pa55",
                "NOTIFIER_PUBLIC_BASE_URL": "https://notifier.example/", "ACK_LINK_SECRET": "shared",
                "ACK_LINK_BASE_URL": "https://emergency.example",
            ]))
        let client = settings.smtpClient
        #expect(client.tls == .starttls && client.caFile == "/etc/relay.pem" && !client.allowPlainAuth)
        #expect(client.credentials?.username == "duty" && client.credentials?.password == "pa55")
        #expect(settings.links.publicBaseURL == "https://notifier.example")
        #expect(
            settings.links.capURL("greenheart.incident.1.1")
                == "https://notifier.example/v1/cap/greenheart.incident.1.1")
        #expect(!settings.ackLinks.usesDevelopmentSecret && settings.ackLinks.baseURL == "https://emergency.example")
        let defaults = try NotifierSettings(reader: ServiceConfigReader.make(values: [:]))
        #expect(defaults.smtpClient.tls == .none && defaults.smtpClient.credentials == nil)
        #expect(defaults.ackLinks.usesDevelopmentSecret)
        #expect(throws: NotifierSettingsError.self) {
            try NotifierSettings(reader: ServiceConfigReader.make(values: ["NOTIFIER_SMTP_TLS": "STARTTLS"]))
        }
    }
}
