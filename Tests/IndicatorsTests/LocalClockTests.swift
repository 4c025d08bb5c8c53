import Domain
import Foundation
import Testing

@testable import Indicators

@Suite("Local clock of the hot path")
struct LocalClockTests {
    @Test("agrees with Domain's ChinaLocalDate and AQIStandard around midnight and the 2026 revision")
    func agreesWithDomain() throws {
        let start = try #require(BusTime.parse("2026-02-28T14:00:00Z"))
        for hour in 0..<6 {
            let instant = start.addingTimeInterval(Double(hour) * 3600 + 1)
            #expect(LocalClock.date(of: instant) == ChinaLocalDate(containing: instant).description)
            #expect(LocalClock.standard(at: instant) == AQIStandard.inForce(at: instant))
        }
        #expect(LocalClock.start(of: "2026-03-01") == BusTime.parse("2026-02-28T16:00:00Z"))
        #expect(LocalClock.start(of: "2026-02-30") == nil)
        #expect(LocalClock.date(of: try #require(BusTime.parse("2026-02-28T15:59:59Z"))) == "2026-02-28")
    }
}
