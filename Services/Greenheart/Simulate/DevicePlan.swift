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
    /// Stop trying after this long.
    var giveUp: Duration
}
