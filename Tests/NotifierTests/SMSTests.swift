import Foundation
import ServiceKit
import Testing

@testable import Notifier

@Suite("SMS: a gateway called with the configured template, text cut to length")
struct SMSTests {
    @Test("the gateway receives the phone and a length-limited Chinese text once")
    func gateway() async throws {
        let gateway = Receiver(statuses: [200])
        let harness = try Harness()
        try await gateway.run { url in
            var directory = World.directory()
            directory.departments[0].channels.append(.init(id: "bureau-sms", kind: "sms", target: "+8613800000000"))
            directory.departments[0].subscriptions = [
                .init(id: "bureau-sms-all", channel: "bureau-sms", topicPrefix: "emergency.incident.")
            ]
            #expect(directory.problem() == nil)
            try await harness.store.replaceDirectory(directory)
            var incident = World.incident()
            incident.headline = String(repeating: "株洲冶炼厂二氧化硫超标\"", count: 10)
            try await harness.incident(incident, eventId: "e1")
            #expect(await harness.worker(smsURL: url).tick() == 1)
        }
        let requests = gateway.requests.value
        #expect(requests.count == 1)
        #expect(requests.first?.key == "e1/bureau/bureau-sms")
        let body = try #require(requests.first?.body)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: String])
        #expect(object["to"] == "+8613800000000")
        let text = try #require(object["text"])
        // The text is cut to 70 characters; the acknowledgement link follows it whole.
        let parts = text.components(separatedBy: " 确认：")
        #expect(parts.count == 2)
        #expect(parts[0].count == 70 && parts[0].hasPrefix("【Ⅲ级（较大）】株洲冶炼厂") && parts[0].hasSuffix("…"))
        let link = try #require(URLComponents(string: parts[1]))
        #expect(link.path == "/v1/ack/1")
        let token = try #require(link.queryItems?.first { $0.name == "token" }?.value)
        let claims = try AckLinkSettings().signer.verify(token, incidentId: 1, now: World.start)
        #expect(claims.department == "bureau" && claims.contact == "王芳")
        #expect(try await harness.deliveries().first?.state == .delivered)
        try await harness.expectValidCAP()
    }
}
