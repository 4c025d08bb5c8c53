import Configuration
import Foundation

/// The settings of one-click acknowledgement links, read by the notifier (which signs links) and by
/// emergency (which verifies them); both must see the same secret.
///
/// Keys (environment `ACK_LINK_SECRET`…; in the secrets directory `ack-link-secret`):
/// - `ack.link.secret` (string, secret, default: a development secret, logged as such at start):
///   the HMAC-SHA256 key shared by notifier and emergency.
/// - `ack.link.baseURL` (string, default `http://127.0.0.1:8084`): the public base URL of the
///   emergency service, where the links point.
/// - `ack.link.validHours` (int, default 72): how long a link works after it was issued.
public struct AckLinkSettings: Sendable {
    /// The development secret of a local run; never valid anywhere else, and said so in the log.
    public static let developmentSecret = "dev-ack-link-secret-NOT-FOR-PRODUCTION"

    /// The shared secret.
    public var secret: String
    /// Whether `secret` is the development one.
    public var usesDevelopmentSecret: Bool
    /// The emergency service's public base URL, without a trailing slash.
    public var baseURL: String
    /// How long a link works.
    public var validity: TimeInterval

    /// Makes settings (tests).
    public init(
        secret: String = AckLinkSettings.developmentSecret, baseURL: String = "http://127.0.0.1:8084",
        validity: TimeInterval = 72 * 3600
    ) {
        self.secret = secret
        usesDevelopmentSecret = secret == Self.developmentSecret
        self.baseURL = Self.trimmed(baseURL)
        self.validity = validity
    }

    /// Reads every key from `reader` (scoped to the root).
    public init(reader: ConfigReader) {
        let configured = reader.string(forKey: "ack.link.secret", isSecret: true)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let configured, !configured.isEmpty {
            secret = configured
            usesDevelopmentSecret = false
        } else {
            secret = Self.developmentSecret
            usesDevelopmentSecret = true
        }
        baseURL = Self.trimmed(reader.string(forKey: "ack.link.baseURL", default: "http://127.0.0.1:8084"))
        validity = TimeInterval(max(1, reader.int(forKey: "ack.link.validHours", default: 72)) * 3600)
    }

    /// The signer over the secret.
    public var signer: AckLinkSigner { AckLinkSigner(secret: secret) }

    /// The link for `claims`: `<baseURL>/v1/ack/<incidentId>?token=<token>`.
    public func url(for claims: AckLinkClaims) -> String {
        "\(baseURL)/v1/ack/\(claims.incidentId)?token=\(signer.token(for: claims))"
    }

    private static func trimmed(_ url: String) -> String {
        var url = url.trimmingCharacters(in: .whitespacesAndNewlines)
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
