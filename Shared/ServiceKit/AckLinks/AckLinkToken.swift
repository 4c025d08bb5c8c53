import Crypto
import Domain
import Foundation

/// Why an acknowledgement link token was refused; `code` says which check failed.
public struct AckLinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which check failed.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The code's text.
        public var rawValue: String
        /// Makes a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Not a token of this shape at all.
        public static let malformed = Code(rawValue: "malformed")
        /// The signature does not match its claims under the shared secret (tampered or foreign).
        public static let badSignature = Code(rawValue: "bad_signature")
        /// Its expiry has passed.
        public static let expired = Code(rawValue: "expired")
        /// It was issued for another incident than the one it is used on.
        public static let wrongIncident = Code(rawValue: "wrong_incident")
    }

    /// Which check failed.
    public var code: Code
    /// Specifics.
    public var description: String

    /// Makes an error.
    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}

/// What a signed acknowledgement link asserts: this contact of this department may acknowledge this
/// incident until `expires`.
public struct AckLinkClaims: Sendable, Equatable {
    /// The incident's id in the emergency service.
    public var incidentId: Int64
    /// The department the acknowledgement is attributed to.
    public var department: String
    /// The person (a contact's name or address) the link was sent to.
    public var contact: String
    /// When the link stops working (whole seconds, UTC).
    public var expires: Date

    /// Makes claims; `expires` is cut to whole seconds, as the token carries it.
    public init(incidentId: Int64, department: String, contact: String, expires: Date) {
        self.incidentId = incidentId
        self.department = department
        self.contact = contact
        self.expires = Date(timeIntervalSince1970: expires.timeIntervalSince1970.rounded(.down))
    }
}

/// Signs and verifies the tokens of one-click acknowledgement links, shared by the notifier (which
/// puts them in messages to people) and emergency (which accepts them).
///
/// A token is `v1.<claims>.<signature>`: `claims` is base64url (no padding) of the UTF-8 lines
/// incident id, department, contact, expiry in Unix seconds; `signature` is base64url of the first
/// 16 bytes of HMAC-SHA256 over `v1.<claims>` with the shared secret (`ack.link.secret`; a 128-bit
/// tag, as RFC 2104 allows, keeps SMS links short). Tokens are URL-safe.
public struct AckLinkSigner: Sendable {
    private let secret: Data

    /// Makes a signer over the shared secret.
    public init(secret: String) {
        self.secret = Data(secret.utf8)
    }

    /// The token for `claims`.
    public func token(for claims: AckLinkClaims) -> String {
        // Line breaks would split the claims: a name never needs one, so they become spaces.
        let lines = [
            String(claims.incidentId), Self.oneLine(claims.department), Self.oneLine(claims.contact),
            String(Int64(claims.expires.timeIntervalSince1970)),
        ]
        let signed = "v1." + Self.base64URL(Data(lines.joined(separator: "\n").utf8))
        return signed + "." + Self.base64URL(tag(of: signed))
    }

    /// The truncated HMAC of `text`.
    private func tag(of text: String) -> Data {
        Data(
            Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret))).prefix(
                Self.tagLength))
    }

    /// Bytes of the HMAC kept in a token.
    static let tagLength = 16

    /// The claims of `token` when its signature holds, it was issued for `incidentId` and it has not
    /// expired at `now`; otherwise the error saying which check failed.
    public func verify(_ token: String, incidentId: Int64, now: Date) throws(AckLinkError) -> AckLinkClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 2048, parts.count == 3, parts[0] == "v1",
            let signature = Self.data(base64URL: parts[2]), let payload = Self.data(base64URL: parts[1])
        else { throw AckLinkError(.malformed, "not an acknowledgement token") }
        let expected = tag(of: "v1.\(parts[1])")
        // Compared in constant time: every byte is looked at whatever the first difference.
        var difference: UInt8 = signature.count == expected.count ? 0 : 1
        for (a, b) in zip(signature, expected) { difference |= a ^ b }
        guard difference == 0 else {
            throw AckLinkError(.badSignature, "the token's signature does not match")
        }
        let lines = String(decoding: payload, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, let issuedFor = Int64(lines[0]), let seconds = Int64(lines[3]) else {
            throw AckLinkError(.malformed, "the token's claims are not readable")
        }
        let claims = AckLinkClaims(
            incidentId: issuedFor, department: String(lines[1]), contact: String(lines[2]),
            expires: Date(timeIntervalSince1970: TimeInterval(seconds)))
        guard issuedFor == incidentId else {
            throw AckLinkError(.wrongIncident, "the token was issued for incident \(issuedFor), not \(incidentId)")
        }
        guard now < claims.expires else {
            throw AckLinkError(.expired, "the link expired at \(BusTime.format(claims.expires))")
        }
        return claims
    }

    /// `text` with line breaks as spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }

    /// `data` as base64url without padding (RFC 4648 §5).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of unpadded base64url `text`, or nil.
    static func data(base64URL text: Substring) -> Data? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)
    }
}
