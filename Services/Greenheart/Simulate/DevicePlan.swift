import Foundation

/// What every simulated device of a run does.
struct DevicePlan: Sendable {
    /// Listener host.
    var host: String
    /// Listener port.
    var port: Int
    /// Uploads per device.
    var hours: Int
    /// The first hour.
    var first: Date
    /// Uploads per second (0: unpaced).
    var rate: Double
    /// Probability of a corrupted copy first.
    var badCRC: Double
    /// Probability of a disconnect after an upload.
    var disconnect: Double
    /// Probability that an hour is held back and sent late, after all the others.
    var late: Double
    /// Wait for an answer before resending.
    var ackTimeout: Duration
    /// Stop trying after this long (not in live mode).
    var giveUp: Duration
    /// Live mode: after the `hours` uploads, keep going with one upload per hour as each hour ends on
    /// the wall clock, until the process is stopped.
    var live = false
    /// How long after an hour's end its upload goes out in live mode. Short: indicators measure a
    /// station's silence from the start of its last hour, so at an hour's end it is already two hours.
    var liveDelay: Duration = .milliseconds(500)

    /// The start of hour `hour` of the run.
    func start(ofHour hour: Int) -> Date {
        first.addingTimeInterval(Double(hour) * 3600)
    }
}
