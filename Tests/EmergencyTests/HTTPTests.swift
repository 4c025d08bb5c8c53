import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Testing

@testable import Emergency

@Suite("HTTP: department tokens act on the incidents they are responsible for")
struct HTTPTests {
    @Test("list, filter, detail and timeline; viewers see what they are informed of")
    func listing() async throws {
        let harness = try Harness()
        try await harness.breach(World.breach("b1"))
        try await harness.anomaly(World.anomaly(7))
        try await harness.withApp { client in
            try await client.execute(uri: "/v1/incidents", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/incidents", method: .get, headers: bearer("dev-bureau")) {
                response throws in
                #expect(response.status == .ok)
                #expect(try decode([Incident].self, response.body).count == 2)
            }
            try await client.execute(
                uri: "/v1/incidents?type=waste_anomaly&state=active&acknowledged=false", method: .get,
                headers: bearer("dev-bureau")
            ) { response throws in
                #expect(try decode([Incident].self, response.body).map(\.type) == ["waste_anomaly"])
            }
            // Police is informed of the waste anomaly only
            try await client.execute(uri: "/v1/incidents", method: .get, headers: bearer("dev-police")) {
                response throws in
                #expect(try decode([Incident].self, response.body).map(\.type) == ["waste_anomaly"])
            }
            try await client.execute(uri: "/v1/incidents/1", method: .get, headers: bearer("dev-police")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/v1/incidents/2", method: .get, headers: bearer("dev-police")) {
                response throws in
                #expect(response.status == .ok)
                #expect(try decode(IncidentDetail.self, response.body).inputs.count == 1)
            }
            try await client.execute(uri: "/v1/incidents/2/timeline", method: .get, headers: bearer("dev-transport")) {
                response throws in
                #expect(try decode([TimelineEntry].self, response.body).first?.action == "opened")
            }
            try await client.execute(uri: "/v1/incidents?state=bogus", method: .get, headers: bearer("dev-bureau")) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/v1/incidents/abc", method: .get, headers: bearer("dev-bureau")) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test("acknowledge, assign, comment, level, report, close; others are refused")
    func actions() async throws {
        let harness = try Harness()
        try await harness.anomaly(World.anomaly(7))
        try await harness.withApp { client in
            // A viewer that is informed may not act; a department not involved does not see it
            try await client.execute(
                uri: "/v1/incidents/1/acknowledge", method: .post, headers: bearer("dev-transport")
            ) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/incidents/1/acknowledge", method: .post, headers: bearer("dev-water")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/v1/incidents/1/acknowledge", method: .post, headers: bearer("dev-bureau"),
                body: body(#"{"note":"seen"}"#)
            ) { response throws in
                #expect(response.status == .ok)
                #expect(try decode(Incident.self, response.body).acknowledged)
            }
            try await client.execute(
                uri: "/v1/incidents/1/assign", method: .post, headers: bearer("dev-bureau"),
                body: body(#"{"assignee":"执法支队 Zhang"}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/v1/incidents/1/comments", method: .post, headers: bearer("dev-bureau"),
                body: body(#"{"text":"vehicle located on G60"}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/v1/incidents/1/level", method: .post, headers: bearer("dev-bureau"),
                body: body(#"{"level":"III","reason":"leak"}"#)
            ) { response throws in
                #expect(try decode(Incident.self, response.body).level == "III")
            }
            try await client.execute(
                uri: "/v1/incidents/1/level", method: .post, headers: bearer("dev-bureau"),
                body: body(#"{"level":"X"}"#)
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/v1/incidents/1/reports", method: .post, headers: bearer("dev-bureau"),
                body: body(#"{"kind":"initial","note":"phoned the city government"}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: "/v1/incidents/1/close", method: .post, headers: bearer("dev-bureau"),
                body: body(#"{"summary":" "}"#)
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/v1/incidents/1/close", method: .post, headers: bearer("dev-bureau"), body: body("not json")
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/v1/incidents/1/close", method: .post, headers: bearer("dev-bureau"),
                body: body(#"{"summary":"load secured, carrier fined"}"#)
            ) { response throws in
                #expect(try decode(Incident.self, response.body).closed)
            }
            try await client.execute(
                uri: "/v1/incidents/1/acknowledge", method: .post, headers: bearer("dev-bureau")
            ) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/v1/incidents/1/timeline", method: .get, headers: bearer("dev-bureau")) {
                response throws in
                let actions = try decode([TimelineEntry].self, response.body).map(\.action)
                #expect(actions == ["opened", "acknowledged", "assigned", "comment", "level", "report", "closed"])
            }
        }
        let actions = try await harness.events().map(\.action)
        #expect(actions == [.opened, .acknowledged, .updated, .updated, .closed])
        // A closed incident frees its scope: the next anomaly on the manifest opens a new one
        try await harness.anomaly(World.anomaly(7))
        #expect(try await harness.incidents().map(\.closed) == [true, false])
    }

    @Test("manual incidents: emergency management opens a tailings-pond incident; respond acknowledges too")
    func manualAndRespond() async throws {
        let harness = try Harness()
        try await harness.withApp { client in
            let json =
                #"{"type":"tailings_pond","level":"II","scope":{"kind":"county","id":"430281"},"detail":"seepage"}"#
            try await client.execute(
                uri: "/v1/incidents", method: .post, headers: bearer("dev-transport"), body: body(json)
            ) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: "/v1/incidents", method: .post, headers: bearer("dev-emergency"), body: body(json)
            ) {
                response throws in
                #expect(response.status == .created)
                let incident = try decode(Incident.self, response.body)
                #expect(incident.type == "tailings_pond" && incident.level == "II")
                #expect(incident.informed == ["emergency", "water"])
            }
            try await client.execute(
                uri: "/v1/incidents", method: .post, headers: bearer("dev-emergency"),
                body: body(#"{"type":"volcano","scope":{"kind":"city","id":"430200"},"detail":"x"}"#)
            ) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/v1/incidents/1/respond", method: .post, headers: bearer("dev-bureau")) {
                response throws in
                let incident = try decode(Incident.self, response.body)
                #expect(incident.responding && incident.acknowledged)
            }
        }
        #expect(try await harness.events().map(\.action) == [.opened, .acknowledged, .updated])
    }

    @Test("plans and water sources are data: admins edit plans, water sets population served")
    func plansAndSources() async throws {
        let harness = try Harness()
        try await harness.withApp { client in
            try await client.execute(uri: "/v1/plans", method: .get, headers: bearer("dev-police")) { response throws in
                #expect(try decode([ResponsePlan].self, response.body).count == ResponsePlan.defaults.count)
            }
            var plan = try #require(ResponsePlan.defaults.first { $0.type == "emission_exceedance" })
            plan.acknowledgeSeconds = ["*": 60]
            plan.informed = ["police"]
            let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
            try await client.execute(
                uri: "/v1/plans/emission_exceedance", method: .put, headers: bearer("dev-water"), body: body(json)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/v1/plans/emission_exceedance", method: .put, headers: bearer("dev-bureau"), body: body(json)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/v1/water-sources/S1", method: .put, headers: bearer("dev-water"),
                body: body(#"{"name":"一水厂","population":600000}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/v1/water-sources/S1", method: .put, headers: bearer("dev-transport"),
                body: body(#"{"name":"x","population":1}"#)
            ) { #expect($0.status == .forbidden) }
        }
        // Then the edited plan and the population drive new incidents
        try await harness.breach(World.breach("b1"))
        try await harness.breach(World.breach("w1", kind: .drinkingWaterSource, scope: "S1", scopeKind: "section"))
        let incidents = try await harness.incidents()
        #expect(incidents[0].acknowledgeBy == World.start.addingTimeInterval(60))
        #expect(incidents[0].informed == ["police"])
        #expect(incidents[1].level == "II")
    }
}
