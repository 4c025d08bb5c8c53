import Foundation
import Testing

@testable import Manifests

@Suite("Throughput")
struct ThroughputTests {
    @Test("transitions through the router with events written to the outbox and published")
    func routerThroughput() async throws {
        // Given a seeded service
        let harness = try Harness()
        try await harness.seed()
        let count = 200
        try await harness.withApp { api in
            // When 200 manifests are driven sequentially through the five transitions
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                for _ in 0..<count { _ = try await api.manifest(in: .completed) }
            }
            // Then every transition produced its event, and the rate is reported
            #expect(try harness.topics().count == count * 5)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(
                "manifests router benchmark: \(Int(Double(count * 5) / seconds)) transitions/s (\(count * 5) in \(String(format: "%.2f", seconds)) s)"
            )
        }
    }
}
