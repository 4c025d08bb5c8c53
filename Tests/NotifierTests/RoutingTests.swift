import Domain
import Foundation
import GRDB
import Testing

@testable import Notifier

@Suite("Routing like Alertmanager: group interval, repeat interval, continue, duty windows")
struct RoutingTests {
    /// The bureau with two webhooks and `subscriptions`.
    static func directory(_ subscriptions: [NotifierDirectory.Subscription]) -> NotifierDirectory {
        var directory = World.directory()
        directory.departments[0].channels = [
            .init(id: "hook-a", kind: "webhook", target: "http://127.0.0.1:9/a"),
            .init(id: "hook-b", kind: "webhook", target: "http://127.0.0.1:9/b"),
        ]
        directory.departments[0].subscriptions = subscriptions
        return directory
    }

    /// Marks delivery `key` delivered now.
    func deliver(_ key: String, _ harness: Harness) async throws {
        let delivery = try #require(try await harness.deliveries().first { $0.idempotencyKey == key })
        try await harness.store.record(
            .delivered(status: 200), deliveryId: try #require(delivery.id), at: harness.now, policy: RetryPolicy())
    }

    @Test("after a group's message, later changes wait for the group interval and join one update")
    func groupInterval() async throws {
        let harness = try Harness()
        try await harness.store.replaceDirectory(
            Self.directory([
                .init(
                    id: "all", channel: "hook-a", topicPrefix: "emergency.incident.", groupWaitSeconds: 30,
                    groupIntervalSeconds: 300)
            ]))
        // Given the first message of an incident, due after the group wait, delivered then
        try await harness.incident(World.incident(), eventId: "e1")
        #expect(try await harness.deliveries().map(\.nextAttemptAt) == [World.start + 30])
        harness.advance(seconds: 30)
        try await deliver("e1/bureau/hook-a", harness)
        // When two more changes come within the interval
        harness.advance(seconds: 30)
        try await harness.incident(World.incident(.updated, level: "II"), eventId: "e2")
        harness.advance(seconds: 40)
        try await harness.incident(World.incident(.escalated, level: "I"), eventId: "e3")
        // Then they make one update, due a group interval after the first message
        let deliveries = try await harness.deliveries()
        #expect(deliveries.map(\.idempotencyKey) == ["e1/bureau/hook-a", "e2/bureau/hook-a"])
        #expect(deliveries[1].nextAttemptAt == World.start + 330)
        let update = try JSONDecoder.bus.decode(WebhookMessage.self, from: deliveries[1].body)
        #expect(update.grouped == ["e2", "e3"] && update.incident?.level == "I")
        #expect(try await harness.store.dueDeliveries(at: World.start + 329).isEmpty)
        // A change long after the last message goes at once
        harness.advance(seconds: 260)
        try await deliver("e2/bureau/hook-a", harness)
        harness.advance(seconds: 1000)
        try await harness.incident(World.incident(.updated, level: "II"), eventId: "e4")
        #expect(try await harness.deliveries().last?.nextAttemptAt == harness.now)
        // Another incident is a group of its own
        try await harness.incident(World.incident(id: 2), eventId: "e5")
        #expect(try await harness.deliveries().last?.nextAttemptAt == harness.now + 30)
        try await harness.expectValidCAP()
    }

    @Test("an unresolved incident is notified again each repeat interval, to a real receiver, until acknowledged")
    func repeatInterval() async throws {
        let receiver = Receiver(statuses: [200])
        let harness = try Harness()
        try await receiver.run { url in
            var directory = Self.directory([
                .init(id: "all", channel: "hook-a", topicPrefix: "emergency.incident.", repeatIntervalSeconds: 600)
            ])
            directory.departments[0].channels[0].target = url
            try await harness.store.replaceDirectory(directory)
            let worker = harness.worker()
            try await harness.incident(World.incident(), eventId: "e1")
            #expect(await worker.tick() == 1)
            // Not yet at 599 s; at 600 s a reminder; none twice
            harness.advance(seconds: 599)
            #expect(await worker.tick() == 0)
            harness.advance(seconds: 1)
            #expect(await worker.tick() == 1)
            #expect(await worker.tick() == 0)
            harness.advance(seconds: 600)
            #expect(await worker.tick() == 1)
            // Once acknowledged, no more reminders
            var acknowledged = World.incident(.acknowledged)
            acknowledged.acknowledged = true
            try await harness.incident(acknowledged, eventId: "e2")
            #expect(await worker.tick() == 1)
            harness.advance(seconds: 3600)
            #expect(await worker.tick() == 0)
        }
        #expect(
            receiver.effected.value == [
                "e1/bureau/hook-a", "e1.repeat1/bureau/hook-a", "e1.repeat2/bureau/hook-a", "e2/bureau/hook-a",
            ])
        let reminder = try JSONDecoder.bus.decode(WebhookMessage.self, from: receiver.requests.value[2].body)
        #expect(reminder.repeat == 2 && reminder.idempotencyKey == "e1.repeat2/bureau/hook-a")
        #expect(reminder.incident?.incidentId == 1)
        try await harness.expectValidCAP()
    }

    @Test("reminders stop when the incident is acknowledged, even by a change no route of the group matches")
    func repeatStopsOutsideRoutes() async throws {
        let harness = try Harness()
        // Given reminders every 10 minutes on a route on duty 08:00–20:00 Shanghai
        let day = DutyWindow(start: "08:00", end: "20:00", timeZone: "Asia/Shanghai", days: nil)
        try await harness.store.replaceDirectory(
            Self.directory([
                .init(
                    id: "day", channel: "hook-a", topicPrefix: "emergency.incident.", repeatIntervalSeconds: 600,
                    dutyWindows: [day])
            ]))
        try await harness.incident(World.incident(), eventId: "e1")
        try await deliver("e1/bureau/hook-a", harness)
        // When it is acknowledged at 21:00, outside the route's window (so no message for it)
        harness.advance(seconds: 11 * 3600)
        var acknowledged = World.incident(.acknowledged)
        acknowledged.acknowledged = true
        try await harness.incident(acknowledged, eventId: "e2")
        #expect(try await harness.deliveries().count == 1)
        // Then no reminder comes when the window opens again
        harness.advance(seconds: 12 * 3600)
        #expect(try await harness.store.scheduleRepeats(at: harness.now) == 0)
        // While an unacknowledged one is reminded only on duty: not at 21:00, then at 08:00
        try await harness.incident(World.incident(id: 2), eventId: "e3")
        try await deliver("e3/bureau/hook-a", harness)
        harness.advance(seconds: 13 * 3600)
        #expect(try await harness.store.scheduleRepeats(at: harness.now) == 0)
        harness.advance(seconds: 11 * 3600)
        #expect(try await harness.store.scheduleRepeats(at: harness.now) == 1)
        #expect(try await harness.deliveries().last?.idempotencyKey == "e3.repeat1/bureau/hook-a")
    }

    @Test("a matching route without continue stops its siblings; with continue they match too")
    func continueToSiblings() async throws {
        for continues in [false, true] {
            let harness = try Harness()
            try await harness.store.replaceDirectory(
                Self.directory([
                    .init(
                        id: "severe", channel: "hook-a", topicPrefix: "emergency.incident.", levels: ["I", "II"],
                        continues: continues),
                    .init(id: "rest", channel: "hook-b", topicPrefix: "emergency.incident."),
                ]))
            try await harness.incident(World.incident(level: "I"), eventId: "e1")
            try await harness.incident(World.incident(id: 2, level: "III"), eventId: "e2")
            let keys = try await harness.deliveries().map(\.idempotencyKey)
            #expect(
                keys == (continues ? ["e1/bureau/hook-a", "e1/bureau/hook-b"] : ["e1/bureau/hook-a"])
                    + ["e2/bureau/hook-b"])
        }
        // Absent in a file, continue is true (directories written before it keep their meaning)
        let json = #"{"id":"s","channel":"c","topicPrefix":"emergency.incident."}"#
        #expect(try JSONDecoder().decode(NotifierDirectory.Subscription.self, from: Data(json.utf8)).continues)
        let explicit = #"{"id":"s","channel":"c","topicPrefix":"e.","continue":false}"#
        #expect(try !JSONDecoder().decode(NotifierDirectory.Subscription.self, from: Data(explicit.utf8)).continues)
    }

    @Test("a route outside its duty window does not match, so the next sibling takes the event")
    func dutyWindowRouting() async throws {
        let harness = try Harness()
        // Night duty 18:00–08:30 Shanghai on hook-a; hook-b takes what the night route does not
        let night = DutyWindow(start: "18:00", end: "08:30", timeZone: "Asia/Shanghai", days: nil)
        try await harness.store.replaceDirectory(
            Self.directory([
                .init(
                    id: "night", channel: "hook-a", topicPrefix: "emergency.incident.", continues: false,
                    dutyWindows: [night]),
                .init(id: "day", channel: "hook-b", topicPrefix: "emergency.incident."),
            ]))
        // 10:00 in Shanghai: the day route
        try await harness.incident(World.incident(), eventId: "e1")
        // 23:00 in Shanghai: the night route alone
        harness.advance(seconds: 13 * 3600)
        try await harness.incident(World.incident(id: 2), eventId: "e2")
        #expect(try await harness.deliveries().map(\.idempotencyKey) == ["e1/bureau/hook-b", "e2/bureau/hook-a"])
        try await harness.expectValidCAP()
    }

    @Test("duty windows: across midnight, by starting day, on the wall clock across DST changes")
    func dutyWindows() throws {
        func at(_ text: String) throws -> Date { try #require(BusTime.parse(text)) }
        let night = DutyWindow(start: "22:00", end: "08:00", timeZone: "Asia/Shanghai", days: nil)
        #expect(night.problem() == nil)
        #expect(try night.contains(at("2026-03-02T15:00:00Z")))  // 23:00
        #expect(try night.contains(at("2026-03-02T23:59:00Z")))  // 07:59
        #expect(try !night.contains(at("2026-03-03T00:00:00Z")))  // 08:00
        #expect(try !night.contains(at("2026-03-02T13:59:00Z")))  // 21:59
        // Friday night only: Saturday 03:00 is inside, Saturday 23:00 is not
        let friday = DutyWindow(start: "22:00", end: "08:00", timeZone: "Asia/Shanghai", days: ["fri"])
        #expect(try friday.contains(at("2026-03-06T19:00:00Z")))  // Sat 03:00
        #expect(try !friday.contains(at("2026-03-07T15:00:00Z")))  // Sat 23:00
        #expect(try friday.contains(at("2026-03-06T14:30:00Z")))  // Fri 22:30
        // Berlin springs forward on 29 March 2026 (02:00 → 03:00): 01:30–03:30 local still means the wall clock
        let berlin = DutyWindow(start: "01:30", end: "03:30", timeZone: "Europe/Berlin", days: nil)
        #expect(try berlin.contains(at("2026-03-29T00:45:00Z")))  // 01:45 CET
        #expect(try berlin.contains(at("2026-03-29T01:15:00Z")))  // 03:15 CEST
        #expect(try !berlin.contains(at("2026-03-29T01:30:00Z")))  // 03:30 CEST
        // New York falls back on 1 November 2026: 01:15 happens twice and both are inside 01:00–01:30
        let newYork = DutyWindow(start: "01:00", end: "01:30", timeZone: "America/New_York", days: nil)
        #expect(try newYork.contains(at("2026-11-01T05:15:00Z")))  // 01:15 EDT
        #expect(try newYork.contains(at("2026-11-01T06:15:00Z")))  // 01:15 EST
        #expect(try !newYork.contains(at("2026-11-01T05:45:00Z")))  // 01:45 EDT
        // Bad windows are refused with the reason
        #expect(DutyWindow(start: "22:00", end: "8", timeZone: "Asia/Shanghai").problem() != nil)
        #expect(DutyWindow(start: "22:00", end: "08:00", timeZone: "Mars/Olympus").problem() != nil)
        #expect(DutyWindow(start: "22:00", end: "08:00", timeZone: "UTC", days: ["someday"]).problem() != nil)
        var directory = Self.directory([.init(id: "r", channel: "hook-a", topicPrefix: "e.", dutyWindows: [night])])
        #expect(directory.problem() == nil)
        directory.departments[0].subscriptions[0].dutyWindows[0].timeZone = "Nowhere/City"
        #expect(directory.problem()?.contains("Nowhere/City") == true)
        directory.departments[0].subscriptions[0].dutyWindows = []
        directory.departments[0].subscriptions[0].repeatIntervalSeconds = 5
        #expect(directory.problem()?.contains("repeatIntervalSeconds") == true)
    }
}
