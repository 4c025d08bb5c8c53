import Bus
import Domain
import Foundation
import GRDB
import Testing

@Suite("Event handlers: by type, with an optional fallback for every other type")
struct EventHandlersTests {
    /// An event of `type` on `topic`.
    static func event(type: String, topic: String) throws -> BusEvent {
        let envelope = EventEnvelope(id: "e", source: "s", sequence: 1, type: type, version: 1, time: Date())
        switch BusEvent.parse([Data(topic.utf8), envelope.jsonData(), Data("{}".utf8)]) {
        case .success(let event): return event
        case .failure(let reason): throw EventHandlersTestError(description: "\(reason)")
        }
    }

    @Test("a named type gets its handler; others get the fallback only when one is registered")
    func fallback() throws {
        let seen = LockedValue<[String]>([])
        var handlers = EventHandlers()
        handlers.on("tick") { _, _ in seen.withLock { $0.append("tick") } }
        #expect(handlers.handler(for: "waste.anomaly.detected") == nil)
        handlers.otherwise { event, _ in seen.withLock { $0.append("other:" + event.envelope.type) } }
        let queue = try DatabaseQueue()
        for type in ["tick", "waste.anomaly.detected"] {
            let event = try Self.event(type: type, topic: type)
            let handler = try #require(handlers.handler(for: type))
            try queue.write { db in try handler(event, db) }
        }
        #expect(seen.value == ["tick", "other:waste.anomaly.detected"])
        #expect(handlers.types == ["tick"])
    }
}

/// A failure building a test event.
struct EventHandlersTestError: Error, CustomStringConvertible {
    let description: String
}
