import Domain
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Store
import Testing

@testable import Emergency

@Suite("Acknowledgement links: GET shows a page and changes nothing, POST acknowledges")
struct AckLinkTests {
    /// A link token for `incident`, signed with the development secret the harness's app uses.
    static func token(incident: Int64 = 1, department: String = "bureau", expiresIn: TimeInterval = 3600) -> String {
        AckLinkSettings().signer.token(
            for: AckLinkClaims(
                incidentId: incident, department: department, contact: "王芳", expires: World.start + expiresIn))
    }

    /// The timeline entries and outbox size of incident 1.
    func state(_ harness: Harness) async throws -> (timeline: [TimelineEntry], events: Int) {
        try await harness.store.writer.read { db in
            (
                try TimelineEntry.filter(Column("incidentId") == 1).order(Column("id")).fetchAll(db),
                try OutboxEntry.fetchCount(db)
            )
        }
    }

    @Test("a mail scanner's GET changes nothing; the button's POST acknowledges for the link's contact")
    func acknowledge() async throws {
        // Given an open incident the bureau is responsible for
        let harness = try Harness()
        try await harness.breach(World.breach("b1"))
        let before = try await state(harness)
        let token = Self.token()
        try await harness.withApp { client in
            // When the link is fetched (twice, as scanners do)
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/ack/1?token=\(token)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                    let page = String(buffer: response.body)
                    #expect(page.contains("<form method=\"post\" action=\"/v1/ack/1?token=\(token)\""))
                    #expect(page.contains("王芳"))
                }
            }
            // Then nothing changed
            let (incident, afterGet) = (try await harness.incidents()[0], try await state(harness))
            #expect(!incident.acknowledged)
            #expect(afterGet.timeline == before.timeline && afterGet.events == before.events)
            // When the page's button posts
            try await client.execute(uri: "/v1/ack/1?token=\(token)", method: .post) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("已由 bureau 确认"))
            }
            // Then the incident is acknowledged by the bureau, in its history and on the bus
            let acknowledged = try await harness.incidents()[0]
            #expect(acknowledged.acknowledged && acknowledged.acknowledgedBy == "bureau")
            let after = try await state(harness)
            let entry = try #require(after.timeline.last)
            #expect(entry.action == "acknowledged" && entry.actor == "bureau")
            #expect(entry.detail?.contains("王芳") == true)
            let event = try #require(try await harness.events().last)
            #expect(event.action == .acknowledged && event.actor == "bureau" && event.note?.contains("王芳") == true)
            // A second click changes nothing more
            try await client.execute(uri: "/v1/ack/1?token=\(token)", method: .post) { #expect($0.status == .ok) }
            #expect(try await state(harness).events == after.events)
        }
    }

    @Test("tampered, expired, wrong-incident, missing and foreign-department tokens get a 4xx problem")
    func refused() async throws {
        let harness = try Harness()
        try await harness.breach(World.breach("b1"))
        try await harness.breach(World.breach("b2", scope: "430200002"))
        let token = Self.token()
        var tampered = Array(token)
        tampered[tampered.count - 2] = tampered[tampered.count - 2] == "x" ? "y" : "x"
        let cases: [(String, HTTPResponse.Status, String)] = [
            ("/v1/ack/1?token=\(String(tampered))", .forbidden, "not valid"),
            ("/v1/ack/2?token=\(token)", .forbidden, "not valid"),
            ("/v1/ack/1?token=\(Self.token(expiresIn: -1))", .gone, "expired"),
            (
                "/v1/ack/1?token=\(AckLinkSigner(secret: "other").token(for: .init(incidentId: 1, department: "bureau", contact: "x", expires: World.start + 60)))",
                .forbidden, "not valid"
            ),
            ("/v1/ack/1", .badRequest, "no token"),
            ("/v1/ack/1?token=garbage", .badRequest, "malformed"),
            ("/v1/ack/abc?token=\(token)", .badRequest, "positive integer"),
            ("/v1/ack/99?token=\(Self.token(incident: 99))", .notFound, "no incident"),
        ]
        try await harness.withApp { client in
            for method in [HTTPRequest.Method.get, .post] {
                for (uri, status, title) in cases {
                    try await client.execute(uri: uri, method: method) { response in
                        #expect(response.status == status, "\(method) \(uri)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect(String(buffer: response.body).contains(title), "\(uri)")
                    }
                }
            }
            // A department that is only informed cannot acknowledge with a valid link
            try await client.execute(uri: "/v1/ack/1?token=\(Self.token(department: "police"))", method: .post) {
                #expect($0.status == .notFound || $0.status == .forbidden)
            }
        }
        #expect(try await harness.incidents().allSatisfy { !$0.acknowledged })
    }

    @Test("the link as the notifier writes it (AckLinkSettings.url) is the one this service answers")
    func linkFormat() async throws {
        let harness = try Harness()
        try await harness.breach(World.breach("b1"))
        let link = AckLinkSettings(baseURL: "https://emergency.example/").url(
            for: AckLinkClaims(incidentId: 1, department: "bureau", contact: "王芳", expires: World.start + 60))
        let components = try #require(URLComponents(string: link))
        #expect(components.host == "emergency.example")
        let uri = components.path + "?" + (components.percentEncodedQuery ?? "")
        try await harness.withApp { client in
            try await client.execute(uri: uri, method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: uri, method: .post) { #expect($0.status == .ok) }
        }
        #expect(try await harness.incidents()[0].acknowledged)
    }

    @Test("incident events carry the located stations of their breaches")
    func stations() async throws {
        let harness = try Harness()
        var located = World.breach("b1")
        located.scope.latitude = 27.8274
        located.scope.longitude = 113.1340
        try await harness.breach(located)
        let opened = try #require(try await harness.events().first)
        #expect(
            opened.stations == [.init(id: "430200001", name: "Site 430200001", latitude: 27.8274, longitude: 113.1340)])
        // An unlocated scope leaves the field out
        let other = try Harness()
        try await other.breach(World.breach("b2"))
        #expect(try await other.events().first?.stations == nil)
    }
}
