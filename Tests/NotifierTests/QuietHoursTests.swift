import Foundation
import Testing

@testable import Notifier

@Suite("Quiet hours: a window crossing midnight in Asia/Shanghai")
struct QuietHoursTests {
    /// 22:00–07:00 in Shanghai (UTC+8): 14:00Z–23:00Z.
    static let night = QuietHours(start: "22:00", end: "07:00", timeZone: "Asia/Shanghai")

    /// An ISO-8601 UTC time.
    static func utc(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test("inside before and after midnight it ends at 07:00 local; outside it is nil")
    func window() throws {
        #expect(
            Self.night.end(containing: try Self.utc("2026-03-02T15:00:00Z")) == (try Self.utc("2026-03-02T23:00:00Z")))
        #expect(
            Self.night.end(containing: try Self.utc("2026-03-02T19:30:00Z")) == (try Self.utc("2026-03-02T23:00:00Z")))
        #expect(Self.night.end(containing: try Self.utc("2026-03-02T13:59:00Z")) == nil)
        #expect(Self.night.end(containing: try Self.utc("2026-03-02T23:00:00Z")) == nil)
        #expect(Self.night.problem() == nil)
        #expect(QuietHours(start: "22:00", end: "07:00", timeZone: "Mars/Olympus").problem() != nil)
        #expect(QuietHours(start: "25:00", end: "07:00", timeZone: "Asia/Shanghai").problem() != nil)
    }

    @Test("non-urgent messages wait for the end of the window; level I and red go through")
    func holdsBack() async throws {
        let harness = try Harness()
        var directory = World.directory()
        directory.departments[0].quietHours = Self.night
        try await harness.store.replaceDirectory(directory)
        #expect(try await harness.store.directory().departments[0].quietHours == Self.night)
        // 23:00 in Shanghai
        harness.clock.withLock { $0 = (try? Self.utc("2026-03-02T15:00:00Z")) ?? $0 }
        try await harness.incident(World.incident(id: 1, level: "III"), eventId: "e1")
        try await harness.incident(World.incident(id: 2, level: "I"), eventId: "e2")
        var red = World.incident(id: 3, level: "red")
        red.levelScheme = "warning"
        try await harness.incident(red, eventId: "e3")
        try await harness.incident(World.incident(id: 4, level: "orange"), eventId: "e4")
        let due = try await harness.store.dueDeliveries(at: harness.now).map(\.incidentId)
        #expect(due == [2, 3])
        let morning = try Self.utc("2026-03-02T23:00:00Z")
        #expect(try await harness.store.dueDeliveries(at: morning).compactMap(\.incidentId).sorted() == [1, 2, 3, 4])
        #expect(try await harness.store.dueDeliveries(at: morning.addingTimeInterval(-1)).count == 2)
        try await harness.expectValidCAP()
    }
}
