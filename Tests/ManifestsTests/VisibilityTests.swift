import Domain
import Foundation
import ServiceKit
import Testing

@testable import Manifests

@Suite("Visibility, search and export")
struct VisibilityTests {
    @Test("each department and enterprise sees what its role allows")
    func visibility() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            // Given an industrial manifest in transit, a completed one, and a medical draft
            let moving = try await api.manifest(in: .inTransit)
            let done = try await api.manifest(in: .completed)
            let medical = try await api.manifest(
                in: .draft, draft: API.draft(lines: [API.line("841-001-01", quantity: "100", unit: "kg", pieces: 5)]),
                consignorToken: "t-hospital")
            func numbers(_ token: String, _ query: String = "") async throws -> Set<String> {
                let reply = try await api.send(.get, "/v1/manifests\(query)", token: token)
                #expect(reply.status == .ok, "\(token): \(reply.text)")
                return Set(try reply.decode([ManifestSummary].self).map(\.number))
            }
            // Then the bureau sees everything
            #expect(try await numbers("t-bureau") == [moving, done, medical])
            // An enterprise sees its own manifests in its own role
            #expect(try await numbers("t-consignor") == [moving, done])
            #expect(try await numbers("t-carrier") == [moving, done, medical])
            #expect(try await numbers("t-receiver") == [moving, done, medical])
            #expect(try await numbers("t-hospital") == [medical])
            #expect(try await numbers("t-other-consignor").isEmpty)
            // Transport and police see what is in transit
            #expect(try await numbers("t-transport") == [moving])
            #expect(try await numbers("t-police") == [moving])
            // Health sees medical waste
            #expect(try await numbers("t-health") == [medical])
            // Others see nothing, and single reads follow the same rules
            #expect(try await numbers("t-water").isEmpty)
            #expect(try await api.send(.get, "/v1/manifests/\(done)", token: "t-transport").status == .notFound)
            #expect(try await api.send(.get, "/v1/manifests/\(moving)", token: "t-police").status == .ok)
            #expect(try await api.send(.get, "/v1/manifests/\(medical)", token: "t-health").status == .ok)
            #expect(try await api.send(.get, "/v1/manifests/\(moving)", token: "t-health").status == .notFound)
            #expect(try await api.send(.get, "/v1/manifests", token: nil).status == .unauthorized)
        }
    }

    @Test("anomalies: transport, police, emergency and the bureau see all; health medical ones; enterprises their own")
    func anomalyVisibility() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            // Given a discrepancy on an industrial manifest, then received and no longer in transit
            let number = try await api.manifest(in: .inTransit)
            #expect(try await api.receive(number, quantity: "9").status == .ok)
            func count(_ token: String) async throws -> Int {
                try await api.send(.get, "/v1/anomalies", token: token).decode([Anomaly].self).count
            }
            // Then the departments following the roads see it, and can still open the manifest
            for token in ["t-bureau", "t-transport", "t-police", "t-emergency", "t-consignor", "t-receiver"] {
                #expect(try await count(token) == 1, "\(token)")
            }
            #expect(try await api.send(.get, "/v1/manifests/\(number)", token: "t-emergency").status == .ok)
            // And those with no business there do not
            for token in ["t-health", "t-water", "t-other-consignor"] {
                #expect(try await count(token) == 0, "\(token)")
            }
            #expect(try await api.send(.get, "/v1/anomalies?kind=nonsense", token: "t-bureau").status == .badRequest)
        }
    }

    @Test("search by party, code, state, date and county")
    func search() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let oil = try await api.manifest(
                in: .submitted, draft: API.draft(lines: [API.line("900-249-08", quantity: "1")]))
            harness.advance(hours: 48)
            let packaging = try await api.manifest(in: .completed)
            let fromLiling = try await api.manifest(in: .draft, consignorToken: "t-other-consignor")
            func numbers(_ query: String) async throws -> [String] {
                try await api.send(.get, "/v1/manifests\(query)", token: "t-bureau").decode([ManifestSummary].self).map(
                    \.number)
            }
            #expect(try await numbers("?code=900-249-08") == [oil])
            #expect(try await numbers("?code=90024908") == [oil])
            #expect(try await numbers("?state=completed") == [packaging])
            #expect(try await numbers("?consignor=\(World.otherConsignor)") == [fromLiling])
            #expect(try await numbers("?party=\(World.otherConsignor)") == [fromLiling])
            #expect(try await numbers("?county=430281") == [fromLiling])
            #expect(try await numbers("?county=430211").count == 3)
            #expect(try await numbers("?from=2026-03-02&to=2026-03-02") == [oil])
            #expect(try await numbers("?from=2026-03-03") == [fromLiling, packaging])
            #expect(try await numbers("?limit=1") == [fromLiling])
        }
    }

    @Test("CSV export: header, one row per manifest, local times")
    func csvExport() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let number = try await api.manifest(in: .completed)
            let reply = try await api.send(.get, "/v1/manifests?format=csv", token: "t-bureau")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = CSVRows.parse(reply.text)
            #expect(rows.first?.first == "number")
            #expect(rows.count == 2)
            let row = try #require(rows.last)
            #expect(row[0] == number)
            #expect(row[3] == "completed")
            #expect(row[6] == "株洲冶炼厂")
            #expect(row[18] == "2026-03-02T10:00:00+08:00")
        }
    }

    @Test("registry: the bureau registers enterprises, licences, vehicles and plans; others may not")
    func registryAPI() async throws {
        let harness = try Harness()
        try await harness.withApp { api in
            let enterprise = EnterpriseInput(
                uscc: World.consignor, name: "株洲冶炼厂", county: "430202", roles: [.consignor])
            #expect(
                try await api.send(.post, "/v1/enterprises", token: "t-consignor", json: enterprise).status
                    == .forbidden)
            #expect(
                try await api.send(.post, "/v1/enterprises", token: "t-bureau", json: enterprise).status == .created)
            var bad = enterprise
            bad.uscc = "91430200000000001A"
            let badReply = try await api.send(.post, "/v1/enterprises", token: "t-bureau", json: bad)
            #expect(badReply.status == .unprocessableContent)
            #expect(badReply.problemTitle.contains("unified social credit code"))
            var badCounty = enterprise
            badCounty.county = "4302"
            #expect(
                try await api.send(.post, "/v1/enterprises", token: "t-bureau", json: badCounty).status
                    == .unprocessableContent)
            let receiver = EnterpriseInput(uscc: World.receiver, name: "处置中心", county: "430211", roles: [.receiver])
            #expect(try await api.send(.post, "/v1/enterprises", token: "t-bureau", json: receiver).status == .created)
            let licence = ReceiverLicenceInput(
                number: "L1", validFrom: "2026-01-01", validUntil: "2026-12-31", annualCapacityTonnes: "100",
                permittedCodes: ["900-041-49", "000-000-00"])
            let refused = try await api.send(
                .post, "/v1/enterprises/\(World.receiver)/receiver-licences", token: "t-bureau", json: licence)
            #expect(refused.problemTitle == "unknown waste code '000-000-00'")
            var good = licence
            good.permittedCodes = ["900-041-49"]
            #expect(
                try await api.send(
                    .post, "/v1/enterprises/\(World.receiver)/receiver-licences", token: "t-bureau", json: good
                ).status == .created)
            // A consignor is not a receiver: a licence for it is refused
            #expect(
                try await api.send(
                    .post, "/v1/enterprises/\(World.consignor)/receiver-licences", token: "t-bureau", json: good
                ).status == .unprocessableContent)
            let plan = PlanInput(lines: [.init(code: "900-041-49", quantityTonnes: "12.5")])
            #expect(
                try await api.send(
                    .put, "/v1/enterprises/\(World.consignor)/plans/2026", token: "t-consignor", json: plan
                ).status == .ok)
            #expect(
                try await api.send(
                    .put, "/v1/enterprises/\(World.consignor)/plans/2026", token: "t-other-consignor", json: plan
                ).status == .forbidden)
            let detail = try await api.send(.get, "/v1/enterprises/\(World.consignor)", token: "t-consignor").decode(
                EnterpriseDetail.self)
            #expect(detail.plans.map(\.quantityTonnes) == ["12.5"])
            #expect(
                try await api.send(.get, "/v1/enterprises/\(World.receiver)", token: "t-consignor").status == .forbidden
            )
            #expect(
                try await api.send(.get, "/v1/enterprises/\(World.receiver)", token: "t-bureau").decode(
                    EnterpriseDetail.self
                ).receiverLicences.count == 1)
        }
    }
}
