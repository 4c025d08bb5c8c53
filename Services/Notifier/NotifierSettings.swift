import Configuration
import Foundation
import ServiceKit

/// The `notifier` service's own settings (beyond `ServiceSettings`).
///
/// Keys (environment: upper case with underscores, e.g. `NOTIFIER_DIRECTORY_FILE`):
/// - `notifier.directoryFile` (string, default none): a JSON `NotifierDirectory` loaded at start,
///   replacing the stored directory; without it the stored one (managed through the API) stays.
/// - `notifier.deliveryMilliseconds` (int, default 1000): time between checks of the delivery queue.
/// - `notifier.webhookTimeoutMilliseconds` (int, default 10000): how long one webhook attempt may take.
/// - `notifier.retryBaseMilliseconds` (int, default 2000): backoff after the first failed attempt.
/// - `notifier.retryCapMilliseconds` (int, default 3600000): the longest backoff.
/// - `notifier.maxAttempts` (int, default 8): attempts before a delivery becomes a dead letter.
/// - `notifier.smtp.host` (string, default `127.0.0.1`) and `notifier.smtp.port` (int, default 25):
///   the SMTP relay for email channels.
/// - `notifier.smtp.tls` (`none`|`starttls`|`starttlsIfOffered`, default `none`): STARTTLS before
///   anything else is sent; `starttls` refuses a server that does not offer it.
/// - `notifier.smtp.caFile` (string, default none: the system's trust roots): PEM roots trusted for the
///   relay's certificate; `notifier.smtp.serverName` (default: the host) the name checked in it.
/// - `notifier.smtp.username` and `notifier.smtp.password` (strings, the password secret, default none):
///   AUTH PLAIN (or LOGIN when only that is offered) after STARTTLS; never sent over a plain connection
///   unless `notifier.smtp.allowPlainAuth` (bool, default false, for a relay on loopback).
/// - `notifier.publicBaseURL` (string, default `http://127.0.0.1:8085`): how people reach this
///   notifier; messages link the CAP document as `<publicBaseURL>/v1/cap/<identifier>`.
/// - The acknowledgement link keys `ack.link.*` (`AckLinkSettings`).
/// - `notifier.smtp.from` (string, default `notifier@greenheart.local`) and `notifier.smtp.fromName`
///   (string, default `株洲市生态环境局`): the sender.
/// - `notifier.sms.url` (string, default `http://127.0.0.1:8099/sms`): the SMS gateway.
/// - `notifier.sms.template` (string, default `{"to":"{{phone}}","text":"{{text}}"}`): its request body,
///   `{{phone}}` and `{{text}}` replaced JSON-escaped.
/// - `notifier.sms.maxLength` (int, default 70): longest SMS text in characters.
struct NotifierSettings: Sendable {
    /// The directory file read at start.
    var directoryFile: String?
    /// Time between queue checks.
    var deliveryInterval: Duration
    /// One webhook attempt's timeout.
    var webhookTimeout: Duration
    /// Backoff base.
    var retryBase: Duration
    /// Backoff cap.
    var retryCap: Duration
    /// Attempts before a dead letter.
    var maxAttempts: Int
    /// SMTP relay host.
    var smtpHost: String = "127.0.0.1"
    /// SMTP relay port.
    var smtpPort: Int = 25
    /// Sender address.
    var smtpFrom: String = "notifier@greenheart.local"
    /// Sender display name.
    var smtpFromName: String = "株洲市生态环境局"
    /// STARTTLS mode.
    var smtpTLS: SMTPClient.TLSMode = .none
    /// PEM file of trusted roots for the relay's certificate.
    var smtpCAFile: String?
    /// The name checked in the relay's certificate.
    var smtpServerName: String?
    /// AUTH user name.
    var smtpUsername: String?
    /// AUTH password.
    var smtpPassword: String?
    /// Whether AUTH may go over a connection without TLS.
    var smtpAllowPlainAuth = false
    /// This notifier's public base URL.
    var publicBaseURL = "http://127.0.0.1:8085"
    /// Acknowledgement link settings.
    var ackLinks = AckLinkSettings()
    /// SMS gateway URL.
    var smsURL: String = "http://127.0.0.1:8099/sms"
    /// SMS gateway request template.
    var smsTemplate: String = #"{"to":"{{phone}}","text":"{{text}}"}"#
    /// Longest SMS text.
    var smsMaxLength: Int = 70

    /// Defaults, for tests.
    init(
        directoryFile: String? = nil, deliveryInterval: Duration = .seconds(1), webhookTimeout: Duration = .seconds(10),
        retryBase: Duration = .seconds(2), retryCap: Duration = .seconds(3600), maxAttempts: Int = 8
    ) {
        self.directoryFile = directoryFile
        self.deliveryInterval = deliveryInterval
        self.webhookTimeout = webhookTimeout
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.maxAttempts = maxAttempts
    }

    /// Reads every key from `reader` (scoped to the root); throws when a value that decides security
    /// (`notifier.smtp.tls`) is not one of its choices, rather than quietly sending in the clear.
    init(reader: ConfigReader) throws {
        directoryFile = reader.string(forKey: "notifier.directoryFile")
        deliveryInterval = .milliseconds(max(10, reader.int(forKey: "notifier.deliveryMilliseconds", default: 1000)))
        webhookTimeout = .milliseconds(
            max(10, reader.int(forKey: "notifier.webhookTimeoutMilliseconds", default: 10000)))
        retryBase = .milliseconds(max(1, reader.int(forKey: "notifier.retryBaseMilliseconds", default: 2000)))
        retryCap = .milliseconds(max(1, reader.int(forKey: "notifier.retryCapMilliseconds", default: 3_600_000)))
        maxAttempts = max(1, reader.int(forKey: "notifier.maxAttempts", default: 8))
        smtpHost = reader.string(forKey: "notifier.smtp.host", default: "127.0.0.1")
        smtpPort = reader.int(forKey: "notifier.smtp.port", default: 25)
        smtpFrom = reader.string(forKey: "notifier.smtp.from", default: "notifier@greenheart.local")
        smtpFromName = reader.string(forKey: "notifier.smtp.fromName", default: "株洲市生态环境局")
        smsURL = reader.string(forKey: "notifier.sms.url", default: "http://127.0.0.1:8099/sms")
        smsTemplate = reader.string(forKey: "notifier.sms.template", default: #"{"to":"{{phone}}","text":"{{text}}"}"#)
        smsMaxLength = max(10, reader.int(forKey: "notifier.sms.maxLength", default: 70))
        let tls = reader.string(forKey: "notifier.smtp.tls", default: "none")
        guard let mode = SMTPClient.TLSMode(rawValue: tls) else {
            throw NotifierSettingsError(
                description: "notifier.smtp.tls must be none, starttls or starttlsIfOffered, not '\(tls)'")
        }
        smtpTLS = mode
        smtpCAFile = reader.string(forKey: "notifier.smtp.caFile").flatMap { $0.isEmpty ? nil : $0 }
        smtpServerName = reader.string(forKey: "notifier.smtp.serverName").flatMap { $0.isEmpty ? nil : $0 }
        smtpUsername = reader.string(forKey: "notifier.smtp.username").flatMap { $0.isEmpty ? nil : $0 }
        smtpPassword = reader.string(forKey: "notifier.smtp.password", isSecret: true)
        smtpAllowPlainAuth = reader.bool(forKey: "notifier.smtp.allowPlainAuth", default: false)
        publicBaseURL = reader.string(forKey: "notifier.publicBaseURL", default: "http://127.0.0.1:8085")
        ackLinks = AckLinkSettings(reader: reader)
    }

    /// The SMTP client these settings describe.
    var smtpClient: SMTPClient {
        SMTPClient(
            host: smtpHost, port: smtpPort, timeout: webhookTimeout, tls: smtpTLS, caFile: smtpCAFile,
            serverName: smtpServerName,
            credentials: smtpUsername.map { SMTPClient.Credentials(username: $0, password: smtpPassword ?? "") },
            allowPlainAuth: smtpAllowPlainAuth)
    }

    /// The links messages carry.
    var links: MessageLinks { MessageLinks(ackLinks: ackLinks, publicBaseURL: publicBaseURL) }

    /// The channels these settings describe, by kind; email attaches CAP documents from `store`.
    func senders(store: NotifierStore? = nil) -> [String: any DeliverySending] {
        [
            "webhook": WebhookSender(timeout: webhookTimeout),
            "email": EmailSender(
                client: smtpClient, from: smtpFrom, fromName: smtpFromName,
                capDocument: { identifier in try? await store?.capAlert(identifier)?.xml }),
            "sms": SMSSender(
                url: smsURL, template: smsTemplate, maxLength: smsMaxLength,
                http: WebhookSender(timeout: webhookTimeout)),
        ]
    }

    /// The retry policy these settings describe.
    var retryPolicy: RetryPolicy {
        RetryPolicy(base: retryBase, cap: retryCap, maxAttempts: maxAttempts)
    }
}

/// A notifier setting with a value it cannot use.
struct NotifierSettingsError: Error, CustomStringConvertible {
    /// Which setting and why.
    let description: String
}
