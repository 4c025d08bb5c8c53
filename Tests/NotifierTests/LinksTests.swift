import Domain
import Foundation
import ServiceKit
import Testing

@testable import Notifier

@Suite("Links in messages: signed acknowledgement links, CAP links and the attached CAP document")
struct LinksTests {
    static let links = MessageLinks(
        ackLinks: AckLinkSettings(secret: "shared-secret", baseURL: "https://emergency.example/", validity: 3600),
        publicBaseURL: "https://notifier.example/")

    /// An incident at two located stations.
    static func located() -> IncidentEvent {
        var incident = World.incident(recipients: ["bureau", "police"])
        incident.stations = [
            .init(id: "430200001", name: "株洲冶炼厂", latitude: 27.8274, longitude: 113.134),
            .init(id: "430200002", name: "清水塘", latitude: 27.86, longitude: 113.08),
        ]
        return incident
    }

    /// The decoded base64 body of the MIME part whose headers contain `marker`.
    static func part(_ data: String, after marker: String) throws -> Data {
        let lines = data.components(separatedBy: "\r\n")
        let start = try #require(lines.firstIndex { $0.contains(marker) })
        let bodyStart = try #require(lines[start...].firstIndex(of: "")) + 1
        let body = lines[bodyStart...].prefix { !$0.hasPrefix("--") }.joined()
        return try #require(Data(base64Encoded: body))
    }

    @Test("an email to a responsible person carries a link emergency accepts, the CAP link and the CAP XML")
    func email() async throws {
        let harness = try Harness(links: Self.links)
        let sink = try SMTPSink(directory: harness.directory.url)
        defer { sink.stop() }
        var directory = World.directory()
        directory.departments[0].channels.append(.init(id: "bureau-mail", kind: "email", target: "duty@bureau.example"))
        directory.departments[0].subscriptions = [
            .init(id: "bureau-mail-all", channel: "bureau-mail", topicPrefix: "emergency.incident.")
        ]
        directory.departments[1].channels.append(.init(id: "police-mail", kind: "email", target: "duty@police.example"))
        directory.departments[1].subscriptions = [
            .init(id: "police-mail-all", channel: "police-mail", topicPrefix: "emergency.incident.")
        ]
        try await harness.store.replaceDirectory(directory)
        try await harness.incident(Self.located(), eventId: "e1")
        #expect(await harness.worker(smtpPort: sink.port).tick() == 2)
        let messages = try sink.messages()
        let bureau = try #require(messages.first { $0.to == ["duty@bureau.example"] }?.data)
        let police = try #require(messages.first { $0.to == ["duty@police.example"] }?.data)
        // The text part has the link; its token verifies with the shared secret for the bureau's contact
        let text = String(decoding: try Self.part(bureau, after: "text/plain"), as: UTF8.self)
        let line = try #require(text.components(separatedBy: "\n").first { $0.hasPrefix("一键确认收到") })
        let link = try #require(URLComponents(string: String(line.drop { $0 != "h" })))
        #expect(link.scheme == "https" && link.host == "emergency.example" && link.path == "/v1/ack/1")
        let token = try #require(link.queryItems?.first { $0.name == "token" }?.value)
        let claims = try AckLinkSigner(secret: "shared-secret").verify(token, incidentId: 1, now: World.start)
        #expect(claims.department == "bureau" && claims.contact == "王芳")
        #expect(claims.expires == World.start + 3600)
        #expect(text.contains("CAP 预警文档：https://notifier.example/v1/cap/greenheart.incident.1.1"))
        let html = String(decoding: try Self.part(bureau, after: "text/html"), as: UTF8.self)
        #expect(html.contains("<a href=\"https://emergency.example/v1/ack/1?token=\(token)\">"))
        // The CAP document is attached and valid, with the stations as points
        #expect(bureau.contains("Content-Type: multipart/mixed"))
        let xml = String(
            decoding: try Self.part(bureau, after: "filename=\"greenheart.incident.1.1.xml\""), as: UTF8.self)
        let (status, output) = try xmllint(xml)
        #expect(status == 0, "\(output)")
        #expect(xml.contains("<circle>27.827400,113.134000 0</circle>"))
        #expect(xml.contains("<circle>27.860000,113.080000 0</circle>"))
        // Police is only informed: no acknowledgement link, but the CAP link and attachment
        let policeText = String(decoding: try Self.part(police, after: "text/plain"), as: UTF8.self)
        #expect(!policeText.contains("/v1/ack/"))
        #expect(policeText.contains("https://notifier.example/v1/cap/greenheart.incident.1.1"))
        #expect(police.contains("application/cap+xml"))
    }

    @Test("webhooks get the CAP link but no acknowledgement link; a closed incident gets none")
    func webhookAndClosed() async throws {
        let harness = try Harness(links: Self.links)
        var directory = World.directory()
        directory.departments[0].channels.append(.init(id: "bureau-sms", kind: "sms", target: "+8613800000000"))
        directory.departments[0].subscriptions.append(
            .init(id: "bureau-sms-all", channel: "bureau-sms", topicPrefix: "emergency.incident."))
        try await harness.store.replaceDirectory(directory)
        try await harness.incident(Self.located(), eventId: "e1")
        var closed = World.incident(.closed)
        closed.closed = true
        closed.active = false
        try await harness.incident(closed, eventId: "e2")
        let messages = try await harness.deliveries().map {
            ($0.idempotencyKey, try JSONDecoder.bus.decode(WebhookMessage.self, from: $0.body))
        }
        let byKey = Dictionary(uniqueKeysWithValues: messages)
        let hook = try #require(byKey["e1/bureau/bureau-hook"])
        #expect(hook.acknowledgeURL == nil)
        #expect(hook.capURL == "https://notifier.example/v1/cap/greenheart.incident.1.1")
        #expect(hook.incident?.stations?.count == 2)
        #expect(
            byKey["e1/bureau/bureau-sms"]?.acknowledgeURL?.hasPrefix("https://emergency.example/v1/ack/1?token=")
                == true)
        #expect(byKey["e2/bureau/bureau-sms"]?.acknowledgeURL == nil)
        #expect(byKey["e2/bureau/bureau-sms"]?.capURL == "https://notifier.example/v1/cap/greenheart.incident.1.2")
        try await harness.expectValidCAP()
    }

    @Test("CAP areas: the county area alone without stations; one valid area per located station")
    func capAreas() throws {
        let plain = CAPWriter.document(identifier: "greenheart.incident.1.1", incident: World.incident(), earlier: [])
        #expect(plain.components(separatedBy: "<area>").count == 2)
        #expect(!plain.contains("<circle>"))
        let located = CAPWriter.document(identifier: "greenheart.incident.1.1", incident: Self.located(), earlier: [])
        #expect(located.components(separatedBy: "<area>").count == 4)
        #expect(located.contains("<areaDesc>监测站点 清水塘</areaDesc>"))
        for xml in [plain, located] {
            let (status, output) = try xmllint(xml)
            #expect(status == 0, "\(output)")
        }
        #expect(CAPWriter.circle(latitude: -3.5, longitude: 120) == "-3.500000,120.000000 0")
    }
}
