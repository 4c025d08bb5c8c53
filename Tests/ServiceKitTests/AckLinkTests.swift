import BusTesting
import Foundation
import ServiceKit
import Testing

@Suite("Acknowledgement links: signed, expiring tokens shared by notifier and emergency")
struct AckLinkTests {
    let signer = AckLinkSigner(secret: "test-secret")
    let now = Date(timeIntervalSince1970: 1_772_416_800)  // 2026-03-02T02:00:00Z

    func claims(incident: Int64 = 12, expiresIn seconds: TimeInterval = 3600) -> AckLinkClaims {
        AckLinkClaims(incidentId: incident, department: "bureau", contact: "王芳", expires: now + seconds)
    }

    /// `token` with its claims part replaced by `lines` (re-encoded, the signature kept).
    func forged(_ token: String, lines: String) -> String {
        let parts = token.split(separator: ".")
        let claims = Data(lines.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "v1.\(claims).\(parts[2])"
    }

    @Test("a token verifies for its incident before it expires and gives back its claims; it is URL-safe")
    func roundTrip() throws {
        let token = signer.token(for: claims())
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        let verified = try signer.verify(token, incidentId: 12, now: now)
        #expect(verified == claims())
        #expect(verified.contact == "王芳" && verified.department == "bureau")
        // A line break in a name cannot split the claims
        let odd = AckLinkClaims(incidentId: 12, department: "bureau", contact: "王\n芳", expires: now + 60)
        #expect(try signer.verify(signer.token(for: odd), incidentId: 12, now: now).contact == "王 芳")
    }

    @Test("changed claims, a changed signature or another secret are refused as a bad signature")
    func tampered() {
        let token = signer.token(for: claims())
        let otherDepartment = forged(token, lines: "12\npolice\n王芳\n\(Int(now.timeIntervalSince1970) + 3600)")
        let later = forged(token, lines: "12\nbureau\n王芳\n\(Int(now.timeIntervalSince1970) + 999_999)")
        var signature = Array(token)
        signature[signature.count - 1] = signature.last == "A" ? "B" : "A"
        for bad in [otherDepartment, later, String(signature)] {
            #expect(throws: AckLinkError.self) { try signer.verify(bad, incidentId: 12, now: now) }
            #expect((try? signer.verify(bad, incidentId: 12, now: now)) == nil)
            do {
                _ = try signer.verify(bad, incidentId: 12, now: now)
            } catch {
                #expect(error.code == .badSignature)
            }
        }
        do {
            _ = try AckLinkSigner(secret: "another").verify(token, incidentId: 12, now: now)
            Issue.record("a token of another secret verified")
        } catch {
            #expect(error.code == .badSignature)
        }
    }

    @Test("an expired token and a token for another incident are refused with their own codes")
    func expiredAndWrongIncident() {
        let token = signer.token(for: claims(expiresIn: 60))
        #expect((try? signer.verify(token, incidentId: 12, now: now + 59)) != nil)
        for (incident, at, code) in [
            (Int64(12), now + 60, AckLinkError.Code.expired), (12, now + 86400, .expired), (13, now, .wrongIncident),
        ] {
            do {
                _ = try signer.verify(token, incidentId: incident, now: at)
                Issue.record("verified for incident \(incident) at \(at)")
            } catch {
                #expect(error.code == code)
            }
        }
    }

    @Test("strings that are not tokens are malformed, never a crash")
    func malformed() {
        let valid = signer.token(for: claims())
        let parts = valid.split(separator: ".")
        for text in [
            "", "v1", "v1..", "v2.\(parts[1]).\(parts[2])", "v1.\(parts[1])", "v1.not base64.\(parts[2])",
            "v1.\(parts[1]).\(parts[2]).extra", String(repeating: "A", count: 5000), "v1.%%%.%%%",
        ] {
            do {
                _ = try signer.verify(text, incidentId: 12, now: now)
                Issue.record("'\(text.prefix(40))' verified")
            } catch {
                #expect(error.code == .malformed || error.code == .badSignature)
            }
        }
        // Signed claims that do not parse are malformed too.
        let unreadable = AckLinkSigner(secret: "test-secret")
        let token = unreadable.token(for: claims())
        #expect((try? unreadable.verify(forged(token, lines: "x\ny"), incidentId: 12, now: now)) == nil)
    }

    @Test("settings: the secret from ACK_LINK_SECRET or the secrets directory; without it the marked dev secret")
    func settings() async throws {
        let development = AckLinkSettings(reader: ServiceConfigReader.make(values: [:]))
        #expect(development.usesDevelopmentSecret)
        #expect(development.secret == AckLinkSettings.developmentSecret)
        #expect(development.secret.contains("NOT-FOR-PRODUCTION"))
        #expect(development.baseURL == "http://127.0.0.1:8084" && development.validity == 72 * 3600)
        let configured = AckLinkSettings(
            reader: ServiceConfigReader.make(values: [
                "ACK_LINK_SECRET": "s", "ACK_LINK_BASE_URL": "https://emergency.example/", "ACK_LINK_VALID_HOURS": "2",
            ]))
        #expect(!configured.usesDevelopmentSecret && configured.secret == "s")
        #expect(configured.validity == 7200)
        let link = configured.url(for: claims())
        #expect(link.hasPrefix("https://emergency.example/v1/ack/12?token=v1."))
        let secrets = try TemporaryDirectory(prefix: "ack-secrets")
        defer { secrets.remove() }
        try Data("from-file\n".utf8).write(to: secrets.url.appendingPathComponent("ack-link-secret"))
        let fromFile = AckLinkSettings(
            reader: try await ServiceConfigReader.make(environment: ["GREENHEART_SECRETS_DIRECTORY": secrets.url.path]))
        #expect(fromFile.secret == "from-file" && !fromFile.usesDevelopmentSecret)
    }
}
