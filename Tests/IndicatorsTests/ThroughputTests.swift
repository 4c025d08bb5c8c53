import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Store
import Testing

@testable import Indicators

// Part of the serialized acceptance suite so that its load never overlaps the 2-second latency test.
extension AcceptanceTests {
    @Test("readings absorbed per second: subscriber → aggregates → store, over real sockets")
    func readingsPerSecond() async throws {
        let harness = try BusHarness()
        let stations = 10
        let hours = 48
        // Given 480 hourly batches of six air readings (2 880 readings) waiting in ingest's outbox
        try await harness.upstream.writer.write { db in
            let outbox = Outbox(source: "ingest")
            for hour in 0..<hours {
                for station in 0..<stations {
                    let payload = World.payload(
                        "4302000BENCH\(station)", at: World.hour("2026-03-10", hour), World.air(pm25: "\(30 + hour)"))
                    try outbox.enqueue(
                        db, topic: "measurement.air.\(payload.station)", type: EventType("measurement.batch"),
                        payload: payload,
                        time: payload.periodStart)
                }
            }
        }
        let total = stations * hours * 6
        let clock = ContinuousClock()
        let start = clock.now
        // When indicators starts and catches up
        try await harness.withApp { _ in
            let done = try await eventually(timeout: .seconds(120), every: .milliseconds(50)) {
                try await harness.store.writer.read { db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample") ?? 0
                } == total
            }
            #expect(done)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Then every reading is aggregated, and the rate is reported for the closing note
        print("indicators throughput: \(total) readings in \(elapsed) = \(Int(Double(total) / seconds)) readings/s")
        let cityDays = try await harness.store.dailyAQI(scope: "city:430200", from: "2026-03-10", to: "2026-03-11")
        #expect(cityDays.count == 2)
    }
}
