import Domain
import Foundation
import GRDB
import ServiceKit
import Testing

@testable import Manifests

@Suite("Anomalies")
struct AnomalyTests {
    @Test("not confirmed within 5 working days of pick-up: one anomaly, however many scans")
    func confirmationOverdue() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            // Given a pick-up on Monday 2 March 10:00 local
            _ = try await api.manifest(in: .inTransit)
            // When scanned on Monday 9 March 23:00 local (5th working day not over), nothing
            harness.advance(hours: 7 * 24 + 13)
            let early = try await harness.store.detectAnomalies(now: harness.now)
            #expect(!early.map(\.kind).contains(.confirmationOverdue))
            // Then at local midnight starting Tuesday 10 March, once
            harness.advance(hours: 1)
            let due = try await harness.store.detectAnomalies(now: harness.now)
            #expect(due.map(\.kind).contains(.confirmationOverdue))
            harness.advance(hours: 48)
            _ = try await harness.store.detectAnomalies(now: harness.now)
            _ = try await harness.store.detectAnomalies(now: harness.now)
            #expect(try harness.topics().filter { $0 == "waste.anomaly.confirmation_overdue" }.count == 1)
        }
    }

    @Test("the confirmation deadline skips public holidays")
    func holidayAware() async throws {
        let harness = try Harness()
        try await harness.seed()
        // Given a manifest picked up on Thursday 12 February 2026 local, just before the Spring Festival
        let pickUp = try #require(BusTime.parse("2026-02-12T02:00:00Z"))
        try await harness.store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO manifest (number, kind, state, version, consignorUscc, carrierUscc, receiverUscc,
                      consignorCounty, receiverCounty, medical, createdAt, pickedUpAt, updatedAt)
                    VALUES ('20264302999999', 'standard', 'in_transit', 2, ?, ?, ?, '430202', '430211', 0, ?, ?, ?)
                    """, arguments: [World.consignor, World.carrier, World.receiver, pickUp, pickUp, pickUp])
        }
        // Working days after it: Fri 13, Sat 14 (worked), Tue 24, Wed 25, Thu 26 Feb → due at local midnight 27 Feb
        let beforeDue = try #require(BusTime.parse("2026-02-26T15:59:00Z"))
        let afterDue = try #require(BusTime.parse("2026-02-26T16:00:00Z"))
        #expect(!(try await harness.store.detectAnomalies(now: beforeDue).map(\.kind).contains(.confirmationOverdue)))
        #expect(try await harness.store.detectAnomalies(now: afterDue).map(\.kind).contains(.confirmationOverdue))
    }

    @Test("in transit longer than the limit, and not completed by the disposal deadline")
    func transitAndDisposal() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let moving = try await api.manifest(in: .inTransit)
            let received = try await api.manifest(in: .received)
            harness.advance(hours: 73)
            let raised = try await harness.store.detectAnomalies(now: harness.now)
            #expect(raised.map(\.kind) == [.transitTooLong])
            #expect(raised.first?.number == moving)
            harness.advance(hours: 30 * 24)
            let later = try await harness.store.detectAnomalies(now: harness.now)
            #expect(Set(later.map(\.number)) == [moving, received])
            #expect(later.filter { $0.kind == .disposalOverdue }.count == 2)
            #expect(try await harness.store.detectAnomalies(now: harness.now).isEmpty)
        }
    }

    @Test("a weighed quantity more than 10% off, or a piece-count difference, raises one discrepancy")
    func weightDiscrepancy() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let heavy = try await api.manifest(in: .inTransit)
            #expect(try await api.receive(heavy, quantity: "2.76").status == .ok)
            let exact = try await api.manifest(in: .inTransit)
            #expect(try await api.receive(exact, quantity: "2.75").status == .ok)
            let missingPiece = try await api.manifest(in: .inTransit)
            #expect(try await api.receive(missingPiece, quantity: "2.5", pieces: 9).status == .ok)
            let events = try harness.outbox().filter { $0.topic == "waste.anomaly.weight_discrepancy" }
            let numbers = try events.map {
                try EventEnvelope.makeDecoder().decode(AnomalyEvent.self, from: $0.payload).manifest.number
            }
            #expect(numbers == [heavy, missingPiece])
        }
    }

    @Test("an anomaly is resolved once, by the bureau, with a note, and the resolution is published")
    func resolve() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            let number = try await api.manifest(in: .inTransit)
            #expect(try await api.receive(number, quantity: "5").status == .ok)
            let open = try await api.send(.get, "/v1/anomalies?open=true", token: "t-police").decode([Anomaly].self)
            let anomaly = try #require(open.first)
            #expect(anomaly.kind == .weightDiscrepancy)
            let id = anomaly.id ?? 0
            #expect(
                try await api.send(
                    .post, "/v1/anomalies/\(id)/resolve", token: "t-police", json: ResolveInput(note: "x")
                ).status == .forbidden)
            #expect(
                try await api.send(
                    .post, "/v1/anomalies/\(id)/resolve", token: "t-bureau", json: ResolveInput(note: "")
                ).status == .unprocessableContent)
            let resolved = try await api.send(
                .post, "/v1/anomalies/\(id)/resolve", token: "t-bureau", json: ResolveInput(note: "复磅确认，地磅故障"))
            #expect(resolved.status == .ok)
            #expect(try resolved.decode(Anomaly.self).resolutionNote == "复磅确认，地磅故障")
            #expect(
                try await api.send(
                    .post, "/v1/anomalies/\(id)/resolve", token: "t-bureau", json: ResolveInput(note: "again")
                ).status == .conflict)
            #expect(
                try await api.send(.post, "/v1/anomalies/999/resolve", token: "t-bureau", json: ResolveInput(note: "n"))
                    .status == .notFound)
            #expect(try harness.topics().last == "waste.anomaly.weight_discrepancy.resolved")
            #expect(
                try await api.send(.get, "/v1/anomalies?open=true", token: "t-bureau").decode([Anomaly].self).isEmpty)
        }
    }

    @Test("the detector service scans with its injected clock")
    func detectorService() async throws {
        let harness = try Harness()
        try await harness.seed()
        try await harness.withApp { api in
            _ = try await api.manifest(in: .inTransit)
        }
        harness.advance(hours: 100)
        let clock = harness.clock
        let detector = AnomalyDetector(
            store: harness.store, interval: .seconds(1), now: { clock.withLock { $0 } }, logger: .init(label: "test"))
        #expect(await detector.scan() == 1)
        #expect(await detector.scan() == 0)
    }
}
