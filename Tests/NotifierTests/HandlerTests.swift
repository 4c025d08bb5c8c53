import Bus
import Domain
import Foundation
import GRDB
import Testing

@testable import Notifier

@Suite("Bus handlers: every incident action enqueues, inside the event's transaction")
struct HandlerTests {
    /// The wire frames of an incident event from emergency.
    static func event(_ incident: IncidentEvent, id: String, sequence: Int64) throws -> BusEvent {
        let name = "emergency.incident.\(incident.action.rawValue)"
        let envelope = EventEnvelope(
            id: id, source: "emergency", sequence: sequence, type: name, version: 1, time: incident.at)
        let frames = [Data(name.utf8), envelope.jsonData(), try EventEnvelope.makeEncoder().encode(incident)]
        switch BusEvent.parse(frames) {
        case .success(let event): return event
        case .failure(let reason): throw HarnessError("bad frames: \(reason)")
        }
    }

    @Test("handlers exist for all six actions and queue deliveries and CAP alerts under the event id")
    func handlers() async throws {
        let harness = try Harness()
        try await harness.store.replaceDirectory(World.directory())
        let handlers = harness.store.eventHandlers
        #expect(handlers.types == IncidentEvent.Action.allCases.map { "emergency.incident.\($0.rawValue)" }.sorted())
        for (index, action) in IncidentEvent.Action.allCases.enumerated() {
            let event = try Self.event(World.incident(action), id: "ev\(index)", sequence: Int64(index + 1))
            let handler = try #require(handlers.handler(for: event.envelope.type))
            try await harness.store.writer.write { db in try handler(event, db) }
        }
        let keys = try await harness.deliveries().map(\.idempotencyKey)
        #expect(keys == (0..<6).map { "ev\($0)/bureau/bureau-hook" })
        let types = try await harness.store.capAlerts().reversed().map(\.msgType)
        #expect(types == ["Alert", "Update", "Update", "Update", "Cancel", "Cancel"])
        try await harness.expectValidCAP()
    }
}
