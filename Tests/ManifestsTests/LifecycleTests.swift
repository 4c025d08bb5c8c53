import Domain
import Foundation
import GRDB
import ServiceKit
import Store
import Testing

@testable import Manifests

@Suite("Manifest lifecycle")
struct LifecycleTests {
    @Test("draft → submitted → in transit → received → completed, one event per transition in the same transaction")
    func happyPath() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            // Given a draft by the consignor
            let draft = try await api.create()
            #expect(draft.number.count == 14)
            #expect(draft.number.hasPrefix("20264302"))
            #expect(draft.state == .draft)
            // When every party signs in turn
            #expect(try await api.submit(draft.number).status == .ok)
            #expect(try await api.pickUp(draft.number).status == .ok)
            #expect(try await api.receive(draft.number).status == .ok)
            let done = try await api.complete(draft.number)
            #expect(done.status == .ok)
            // Then the manifest is completed with a version per signature and the full history
            let detail = try await api.send(.get, "/v1/manifests/\(draft.number)", token: "t-bureau").decode(
                ManifestDetail.self)
            #expect(detail.manifest.state == .completed)
            #expect(detail.versions.map(\.version) == [1, 2, 3, 4])
            #expect(detail.history.map(\.action) == ["create", "submit", "pickup", "receive", "complete"])
            #expect(detail.history.dropFirst().allSatisfy { $0.signer != nil })
            #expect(detail.manifest.driver == "王五")
            #expect(detail.manifest.actualTonnes == "2.5")
            // And each transition put exactly one event in the outbox
            #expect(
                try harness.topics() == [
                    "waste.manifest.draft", "waste.manifest.submitted", "waste.manifest.in_transit",
                    "waste.manifest.received", "waste.manifest.completed",
                ])
            let last = try #require(try harness.outbox().last)
            let event = try EventEnvelope.makeDecoder().decode(ManifestTransitionEvent.self, from: last.payload)
            #expect(event.manifest.number == draft.number)
            #expect(event.manifest.codes == ["900-041-49"])
            #expect(event.manifest.consignor.county == "430202")
            #expect(event.manifest.receiver.uscc == World.receiver)
            #expect(event.indicators?.hazardousTonnes == "2.5")
            #expect(event.indicators?.hazardousDisposedTonnes == "2.5")
            #expect(event.indicators?.medicalTonnes == "0")
        }
    }

    @Test("medical waste completions carry the figures of indicator #18")
    func medicalCompletion() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let draft = API.draft(lines: [API.line("841-001-01", quantity: "800", unit: "kg", pieces: 40)])
            let number = try await api.manifest(in: .inTransit, draft: draft, consignorToken: "t-hospital")
            #expect(try await api.receive(number, quantity: "800", pieces: 40).status == .ok)
            #expect(try await api.complete(number).status == .ok)
            let event = try EventEnvelope.makeDecoder().decode(
                ManifestTransitionEvent.self, from: try #require(try harness.outbox().last).payload)
            #expect(event.manifest.medical)
            #expect(event.indicators?.medicalTonnes == "0.8")
            #expect(event.indicators?.medicalTreatedTonnes == "0.8")
            #expect(event.indicators?.hazardousTonnes == "0")
        }
    }

    @Test("a draft is edited freely; cancellation works before pick-up only")
    func editAndCancel() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let number = try await api.create().number
            let edited = try await api.send(
                .put, "/v1/manifests/\(number)", token: "t-consignor", json: API.draft(lines: [API.line(quantity: "3")])
            )
            #expect(edited.status == .ok)
            #expect(try edited.decode(ManifestSummary.self).plannedTonnes == "3")
            #expect(try await api.submit(number).status == .ok)
            let cancelled = try await api.cancel(number)
            #expect(cancelled.status == .ok)
            #expect(try cancelled.decode(ManifestSummary.self).state == .cancelled)
            #expect(try harness.topics().last == "waste.manifest.cancelled")

            let moving = try await api.manifest(in: .inTransit)
            let refused = try await api.cancel(moving)
            #expect(refused.status == .conflict)
            #expect(refused.problemTitle.contains("in_transit"))
        }
    }

    @Test("creation with the same reference is idempotent")
    func idempotentCreation() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let first = try await api.send(
                .post, "/v1/manifests", token: "t-consignor", json: API.draft(reference: "REF-1"))
            let second = try await api.send(
                .post, "/v1/manifests", token: "t-consignor", json: API.draft(reference: "REF-1"))
            #expect(first.status == .created)
            #expect(second.status == .ok)
            #expect(try first.decode(ManifestSummary.self).number == second.decode(ManifestSummary.self).number)
            #expect(try harness.topics().count == 1)
        }
    }

    @Test("every illegal transition is refused with 409 and changes nothing")
    func illegalTransitions() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            typealias Action = @Sendable (API, String) async throws -> API.Reply
            let submit: Action = { try await $0.submit($1) }
            let pickUp: Action = { try await $0.pickUp($1) }
            let receive: Action = { try await $0.receive($1) }
            let reject: Action = { try await $0.reject($1) }
            let complete: Action = { try await $0.complete($1) }
            let cancel: Action = { try await $0.cancel($1) }
            let edit: Action = {
                try await $0.send(.put, "/v1/manifests/\($1)", token: "t-consignor", json: API.draft())
            }
            let allowed: [ManifestState: Set<String>] = [
                .draft: ["submit", "cancel", "edit"], .submitted: ["pickup", "cancel"],
                .inTransit: ["receive", "reject"], .received: ["complete"], .completed: [], .rejected: [],
                .cancelled: [],
            ]
            let actions: [(String, Action)] = [
                ("submit", submit), ("pickup", pickUp), ("receive", receive), ("reject", reject),
                ("complete", complete), ("cancel", cancel), ("edit", edit),
            ]
            for state in ManifestState.allCases {
                for (name, action) in actions where !(allowed[state]?.contains(name) ?? false) {
                    // Given a manifest in `state`
                    let number = try await api.manifest(in: state)
                    let before = try harness.topics().count
                    // When the wrong transition is tried by the right party
                    let reply = try await action(api, number)
                    // Then it is refused as a conflict naming the state, and nothing is published
                    #expect(reply.status == .conflict, "\(name) from \(state)")
                    #expect(reply.problemTitle.contains(state.rawValue), "\(reply.problemTitle)")
                    #expect(try harness.topics().count == before)
                }
            }
            // And a correction of a draft is refused too
            let draft = try await api.manifest(in: .draft)
            let correction = try await api.send(
                .post, "/v1/manifests/\(draft)/corrections", token: "t-consignor",
                json: CorrectionInput(reason: "typo", signer: "张三", lines: [.init(line: 1, name: "x")]))
            #expect(correction.status == .conflict)
        }
    }

    @Test("every action by the wrong role, a viewer token or a department is refused")
    func wrongRoles() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let strangers = ["t-other-consignor", "t-other-receiver", "t-consignor-viewer", "t-bureau", "t-health"]
            // submit: only the consignor
            let draft = try await api.manifest(in: .draft)
            for token in strangers + ["t-carrier", "t-receiver"] {
                let reply = try await api.submit(draft, token: token)
                #expect(reply.status == .forbidden || reply.status == .notFound, "submit by \(token): \(reply.status)")
            }
            for token in ["t-carrier", "t-receiver", "t-consignor-viewer"] {
                #expect(try await api.submit(draft, token: token).status == .forbidden)
                #expect(try await api.cancel(draft, token: token).status == .forbidden)
                #expect(
                    try await api.send(.put, "/v1/manifests/\(draft)", token: token, json: API.draft()).status
                        == .forbidden)
            }
            // pick-up: only the carrier
            let submitted = try await api.manifest(in: .submitted)
            for token in ["t-consignor", "t-receiver", "t-bureau", "t-other-consignor"] {
                let reply = try await api.pickUp(submitted, token: token)
                #expect(reply.status == .forbidden || reply.status == .notFound, "pickup by \(token)")
            }
            #expect(try await api.pickUp(submitted, token: "t-consignor").status == .forbidden)
            // receive, reject: only the receiver
            let moving = try await api.manifest(in: .inTransit)
            for token in ["t-consignor", "t-carrier", "t-transport", "t-police"] {
                let receive = try await api.receive(moving, token: token)
                let reject = try await api.reject(moving, token: token)
                #expect(receive.status == .forbidden, "receive by \(token)")
                #expect(reject.status == .forbidden, "reject by \(token)")
            }
            #expect(try await api.receive(moving, token: "t-other-receiver").status == .notFound)
            // complete: only the receiver
            let received = try await api.manifest(in: .received)
            for token in ["t-consignor", "t-carrier"] {
                #expect(try await api.complete(received, token: token).status == .forbidden)
            }
            // creation: only an enterprise registered as consignor, with an operator token
            #expect(
                try await api.send(.post, "/v1/manifests", token: "t-bureau", json: API.draft()).status == .forbidden)
            #expect(
                try await api.send(.post, "/v1/manifests", token: "t-consignor-viewer", json: API.draft()).status
                    == .forbidden)
            #expect(
                try await api.send(.post, "/v1/manifests", token: "t-carrier", json: API.draft()).status
                    == .unprocessableContent)
            #expect(try await api.send(.post, "/v1/manifests", token: nil, json: API.draft()).status == .unauthorized)
            #expect(
                try await api.send(.post, "/v1/manifests", token: "nonsense", json: API.draft()).status == .unauthorized
            )
            // corrections: parties and the bureau only
            let correction = CorrectionInput(reason: "称重单录入错误", signer: "x", lines: [.init(line: 1, name: "废包装桶")])
            #expect(
                try await api.send(
                    .post, "/v1/manifests/\(received)/corrections", token: "t-other-consignor", json: correction
                ).status == .notFound)
            #expect(
                try await api.send(
                    .post, "/v1/manifests/\(received)/corrections", token: "t-consignor-viewer", json: correction
                ).status == .forbidden)
            // And none of these refusals published anything beyond the set-up transitions
            let anomalies = try harness.topics().filter { !$0.hasPrefix("waste.manifest.") }
            #expect(anomalies.isEmpty)
        }
    }

    @Test("partial rejection receives the rest and starts a linked return manifest")
    func partialRejection() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let draft = API.draft(lines: [API.line(quantity: "2"), API.line("900-249-08", quantity: "1", pieces: 4)])
            let number = try await api.manifest(in: .inTransit, draft: draft)
            let input = ReceiveInput(
                signer: "赵六",
                lines: [
                    .init(line: 1, actualQuantity: "2", actualPieces: 10),
                    .init(line: 2, actualQuantity: "1", actualPieces: 4, rejectedQuantity: "1"),
                ],
                rejection: RejectionRoute(kind: .return, receiverUscc: nil, note: "废矿物油含水过高"))
            let reply = try await api.send(.post, "/v1/manifests/\(number)/receive", token: "t-receiver", json: input)
            #expect(reply.status == .ok, "\(reply.text)")
            // Then a return draft exists, consigned by the receiver back to the consignor, with the refused part
            let history = try await api.send(.get, "/v1/manifests/\(number)", token: "t-bureau").decode(
                ManifestDetail.self)
            #expect(history.manifest.state == .received)
            let returns = try await api.send(
                .get, "/v1/manifests?party=\(World.receiver)&state=draft", token: "t-bureau"
            )
            .decode([ManifestSummary].self)
            let linked = try #require(returns.first { $0.parentNumber == number })
            #expect(linked.kind == .return)
            #expect(linked.consignor.uscc == World.receiver)
            #expect(linked.receiver.uscc == World.consignor)
            #expect(linked.lines.map(\.plannedQuantity) == ["1"])
            #expect(linked.lines.map(\.code) == ["900-249-08"])
            let event = try EventEnvelope.makeDecoder().decode(
                ManifestTransitionEvent.self,
                from: try #require(try harness.outbox().last { $0.topic == "waste.manifest.received" }).payload)
            #expect(event.linkedNumber == linked.number)
            // And a return always goes back to its consignor
            let elsewhere = API.draft(
                lines: [API.line("900-249-08", quantity: "1", pieces: 4)], receiver: World.otherReceiver)
            #expect(
                try await api.send(.put, "/v1/manifests/\(linked.number)", token: "t-receiver", json: elsewhere).status
                    == .unprocessableContent)
            // And the return can be submitted by the receiver without a receiving licence check
            #expect(try await api.submit(linked.number, token: "t-receiver").status == .ok)
            // A refused part without a route is refused
            let other = try await api.manifest(in: .inTransit)
            let noRoute = ReceiveInput(
                signer: "赵六", lines: [.init(line: 1, actualQuantity: "2.5", actualPieces: 10, rejectedQuantity: "1")],
                rejection: nil)
            #expect(
                try await api.send(.post, "/v1/manifests/\(other)/receive", token: "t-receiver", json: noRoute).status
                    == .unprocessableContent)
        }
    }

    @Test("full rejection closes the manifest and starts an onward manifest to another receiver")
    func fullRejectionOnward() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let number = try await api.manifest(in: .inTransit)
            let input = RejectInput(
                signer: "赵六",
                rejection: RejectionRoute(kind: .onward, receiverUscc: World.otherReceiver, note: "超出处置工艺"))
            let reply = try await api.send(.post, "/v1/manifests/\(number)/reject", token: "t-receiver", json: input)
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(try reply.decode(ManifestSummary.self).state == .rejected)
            let onward = try await api.send(.get, "/v1/manifests?receiver=\(World.otherReceiver)", token: "t-bureau")
                .decode([ManifestSummary].self)
            #expect(onward.count == 1)
            #expect(onward.first?.kind == .onward)
            #expect(onward.first?.parentNumber == number)
            #expect(try harness.topics().suffix(2) == ["waste.manifest.draft", "waste.manifest.rejected"])
        }
    }

    @Test("a correction after signing makes a new version with its reason; signed versions are immutable")
    func corrections() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let number = try await api.manifest(in: .received)
            let correction = CorrectionInput(
                reason: "地磅读数录入错误", signer: "赵六", lines: [.init(line: 1, actualQuantity: "2.45")])
            let reply = try await api.send(
                .post, "/v1/manifests/\(number)/corrections", token: "t-receiver", json: correction)
            #expect(reply.status == .created, "\(reply.text)")
            let detail = try await api.send(.get, "/v1/manifests/\(number)", token: "t-bureau").decode(
                ManifestDetail.self)
            #expect(detail.manifest.version == 4)
            #expect(detail.versions.last?.reason == "地磅读数录入错误")
            #expect(detail.versions[2].snapshot.contains("\"actualQuantity\":\"2.5\""))
            #expect(detail.versions[3].snapshot.contains("\"actualQuantity\":\"2.45\""))
            #expect(try harness.topics().last == "waste.manifest.corrected")
            // Without a reason: refused
            let noReason = CorrectionInput(reason: " ", signer: "赵六", lines: [.init(line: 1, name: "x")])
            #expect(
                try await api.send(.post, "/v1/manifests/\(number)/corrections", token: "t-receiver", json: noReason)
                    .status
                    == .unprocessableContent)
            // The database itself refuses to rewrite a signed version or the audit trail
            #expect(throws: (any Error).self) {
                try harness.store.writer.write { db in
                    try db.execute(sql: "UPDATE manifestVersion SET reason = 'forged'")
                }
            }
            #expect(throws: (any Error).self) {
                try harness.store.writer.write { db in try db.execute(sql: "DELETE FROM manifestAudit") }
            }
        }
    }

    @Test("malformed bodies and unknown codes get clear 4xx problems, never a crash")
    func badInput() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let garbage = try await api.raw(.post, "/v1/manifests", token: "t-consignor", body: "{not json")
            #expect(garbage.status == .badRequest)
            #expect(garbage.headers[.contentType] == "application/problem+json")
            let missing = try await api.raw(.post, "/v1/manifests", token: "t-consignor", body: #"{"carrierUscc":"x"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("missing field"))
            let unknown = try await api.send(
                .post, "/v1/manifests", token: "t-consignor", json: API.draft(lines: [API.line("123-456-78")]))
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.problemTitle == "unknown waste code '123-456-78'")
            let badNumber = try await api.send(
                .post, "/v1/manifests", token: "t-consignor", json: API.draft(lines: [API.line(quantity: "lots")]))
            #expect(badNumber.status == .unprocessableContent)
            #expect(try await api.send(.get, "/v1/manifests/nope", token: "t-bureau").status == .notFound)
            #expect(try await api.send(.get, "/v1/manifests?state=flying", token: "t-bureau").status == .badRequest)
            #expect(try await api.send(.get, "/v1/manifests?from=yesterday", token: "t-bureau").status == .badRequest)
            let weird = try await api.raw(.post, "/v1/manifests/x/receive", token: "t-receiver", body: "[]")
            #expect(weird.status == .badRequest)
        }
    }
}
