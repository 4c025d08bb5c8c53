/// Counts of one device (or all).
struct DeviceTotals: Sendable {
    /// Uploads answered.
    var acknowledged = 0
    /// Readings in answered uploads.
    var readings = 0
    /// Uploads sent again after no answer.
    var resent = 0
    /// Corrupted copies sent.
    var corrupted = 0
    /// Connections re-opened.
    var reconnects = 0
    /// Devices that gave up.
    var unfinished = 0

    /// Adds another device's counts.
    mutating func add(_ other: DeviceTotals) {
        acknowledged += other.acknowledged
        readings += other.readings
        resent += other.resent
        corrupted += other.corrupted
        reconnects += other.reconnects
        unfinished += other.unfinished
    }
}
