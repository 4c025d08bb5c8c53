import Domain
import Foundation
import GRDB
import ServiceKit
import Testing

@testable import Manifests

@Suite("Checks at submission")
struct SubmissionCheckTests {
    /// Submits a fresh draft and returns the reply.
    private func submitDraft(_ api: API, _ draft: DraftInput, token: String = "t-consignor") async throws -> API.Reply {
        let number = try await api.create(draft, token: token).number
        return try await api.submit(number, token: token)
    }

    @Test("a receiver not licensed for a code is refused and recorded as exactly one anomaly")
    func unlicensedCode() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            // Given a draft naming a code the other receiver's licence does not cover
            let number = try await api.create(API.draft(lines: [API.line("336-064-17")], receiver: World.otherReceiver))
                .number
            // When the consignor submits twice
            let first = try await api.submit(number)
            let second = try await api.submit(number)
            // Then both are refused naming the code, the draft stays a draft, and one anomaly is published
            #expect(first.status == .unprocessableContent)
            #expect(first.problemTitle.contains("not licensed for waste code 336-064-17"))
            #expect(second.status == .unprocessableContent)
            let detail = try await api.send(.get, "/v1/manifests/\(number)", token: "t-bureau").decode(
                ManifestDetail.self)
            #expect(detail.manifest.state == .draft)
            #expect(try harness.topics().filter { $0 == "waste.anomaly.unlicensed_receiver" }.count == 1)
            #expect(detail.anomalies.map(\.kind) == [.unlicensedReceiver])
            // And both refused attempts are in the audit trail
            #expect(detail.history.map(\.action) == ["create", "submit_refused", "submit_refused"])
            #expect(detail.history.last?.note?.contains("336-064-17") == true)
        }
    }

    @Test("an expired receiver licence is refused")
    func expiredLicence() async throws {
        let harness = try Harness()
        try await harness.seed()
        _ = try await harness.store.addReceiverLicence(
            uscc: World.otherReceiver,
            ReceiverLicenceInput(
                number: "OLD", validFrom: "2020-01-01", validUntil: "2025-12-31",
                annualCapacityTonnes: "10", permittedCodes: ["772-006-49"]), now: World.start)
        try await harness.withApp { api in
            let reply = try await submitDraft(
                api, API.draft(lines: [API.line("772-006-49")], receiver: World.otherReceiver))
            #expect(reply.status == .unprocessableContent)
            #expect(reply.problemTitle.contains("expired"))
        }
    }

    @Test("the receiver's annual capacity is not exceeded")
    func capacity() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            // other receiver: 5000 t a year
            #expect(
                try await submitDraft(
                    api, API.draft(lines: [API.line(quantity: "4000")], receiver: World.otherReceiver)
                ).status == .ok)
            let over = try await submitDraft(
                api, API.draft(lines: [API.line(quantity: "1000.001")], receiver: World.otherReceiver))
            #expect(over.status == .unprocessableContent)
            #expect(over.problemTitle.contains("capacity"))
            #expect(
                try await submitDraft(
                    api, API.draft(lines: [API.line(quantity: "1000")], receiver: World.otherReceiver)
                ).status == .ok)
        }
    }

    @Test("a carrier without a valid licence, or a vehicle not its own or expired, is refused")
    func carrierAndVehicle() async throws {
        let harness = try Harness()
        try await harness.seed()
        _ = try await harness.store.addVehicle(
            uscc: World.carrier, VehicleInput(plate: "湘B99999", permitNumber: "old", validUntil: "2026-01-31"),
            now: World.start)
        try await harness.withApp { api in
            let unlicensed = try await submitDraft(
                api, API.draft(carrier: World.unlicensedCarrier, plate: World.otherPlate))
            #expect(unlicensed.status == .unprocessableContent)
            #expect(unlicensed.problemTitle.contains("no valid dangerous goods transport licence"))
            let foreign = try await submitDraft(api, API.draft(plate: World.otherPlate))
            #expect(foreign.status == .unprocessableContent)
            #expect(foreign.problemTitle.contains("not registered to carrier"))
            let expired = try await submitDraft(api, API.draft(plate: "湘B99999"))
            #expect(expired.status == .unprocessableContent)
            #expect(expired.problemTitle.contains("expired"))
            let none = try await submitDraft(api, API.draft(plate: nil))
            #expect(none.status == .unprocessableContent)
        }
    }

    @Test("non-positive quantities and inconsistent units are refused")
    func quantitiesAndUnits() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let zero = try await submitDraft(api, API.draft(lines: [API.line(quantity: "0")]))
            #expect(zero.status == .unprocessableContent)
            #expect(zero.problemTitle == "quantities must be positive")
            let negative = try await submitDraft(api, API.draft(lines: [API.line(quantity: "-1")]))
            #expect(negative.status == .unprocessableContent)
            let noPieces = try await submitDraft(api, API.draft(lines: [API.line(pieces: 0)]))
            #expect(noPieces.status == .unprocessableContent)
            let litres = try await submitDraft(api, API.draft(lines: [API.line(unit: "L")]))
            #expect(litres.status == .unprocessableContent)
            #expect(litres.problemTitle.contains("units"))
            let mixed = try await submitDraft(
                api, API.draft(lines: [API.line(unit: "t"), API.line(quantity: "300", unit: "kg")]))
            #expect(mixed.status == .unprocessableContent)
            #expect(mixed.problemTitle.contains("inconsistent"))
            #expect(try harness.topics().allSatisfy { $0 == "waste.manifest.draft" })
        }
    }

    @Test("above the declared annual plan: accepted with a recorded warning")
    func aboveAnnualPlan() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let within = try await api.create(API.draft(lines: [API.line(quantity: "60")])).number
            #expect(try await api.submit(within).status == .ok)
            let above = try await api.create(API.draft(lines: [API.line(quantity: "50")])).number
            #expect(try await api.submit(above).status == .ok)
            let first = try await api.send(.get, "/v1/manifests/\(within)", token: "t-bureau").decode(
                ManifestDetail.self)
            let second = try await api.send(.get, "/v1/manifests/\(above)", token: "t-bureau").decode(
                ManifestDetail.self)
            #expect(first.warnings.isEmpty)
            #expect(second.warnings.map(\.kind) == ["above_annual_plan"])
            #expect(second.warnings.first?.message.contains("110") == true)
            // A code with no plan at all is warned about too
            let unplanned = try await api.create(API.draft(lines: [API.line("336-064-17", quantity: "1")])).number
            #expect(try await api.submit(unplanned).status == .ok)
            let third = try await api.send(.get, "/v1/manifests/\(unplanned)", token: "t-bureau").decode(
                ManifestDetail.self)
            #expect(third.warnings.first?.message.contains("not in the consignor's 2026 management plan") == true)
        }
    }
}
