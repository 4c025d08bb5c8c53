import Foundation

/// The payload of ingest's `measurement.batch` and `measurement.revised` events, as indicators reads it.
///
/// Decoded leniently on purpose: unknown station kinds and period kinds are kept as text so that
/// a newer ingest never makes this service throw (a throwing handler is retried, then dead-lettered).
struct MeasurementPayload: Codable, Sendable, Equatable {
    /// One value in the event.
    struct Value: Codable, Sendable, Equatable {
        /// The HJ 212-2017 factor code.
        var factor: String
        /// The statistic (`Rtd`, `Avg`, `RS`, …).
        var statistic: String
        /// The value, exact decimal text.
        var value: String
        /// The unit, when known.
        var unit: String?
        /// The data flag, when sent.
        var flag: String?
        /// The value before a correction.
        var previousValue: String?
        /// The flag before a correction.
        var previousFlag: String?
    }

    /// The station MN.
    var station: String
    /// `air`, `water`, `emission` or `noise`.
    var kind: String
    /// The HJ 212 system code.
    var st: String
    /// The department owning the station.
    var department: String
    /// `instant`, `minute`, `hour` or `day`.
    var periodKind: String
    /// Start of the span the values cover (UTC).
    var periodStart: Date
    /// `hj212`, `json` or `csv`.
    var source: String
    /// The values.
    var readings: [Value]
}
