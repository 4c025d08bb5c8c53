import Foundation

/// A stored reading as the API returns it.
struct ReadingView: Codable, Sendable, Equatable {
    /// Station MN.
    var station: String
    /// Factor code.
    var factor: String
    /// Period kind.
    var periodKind: String
    /// Period start, UTC.
    var periodStart: Date
    /// Statistic.
    var statistic: String
    /// Value, exact decimal text.
    var value: String
    /// Unit.
    var unit: String?
    /// Data flag.
    var flag: String?
    /// How it arrived.
    var source: String
    /// First received, UTC.
    var receivedAt: Date
    /// Corrections so far.
    var revisionCount: Int

    /// The view of `reading`.
    init(_ reading: Reading) {
        station = reading.station
        factor = reading.factor
        periodKind = reading.periodKind
        periodStart = reading.periodStart
        statistic = reading.statistic
        value = reading.value
        unit = reading.unit
        flag = reading.flag
        source = reading.source
        receivedAt = reading.receivedAt
        revisionCount = reading.revisionCount
    }
}
