import Foundation

/// What a GB 3095 validity minimum counts.
public enum GB3095CountedQuantity: String, Sendable, Codable, CaseIterable, Hashable {
    /// Minutes of sampling within the hour.
    case samplingMinutes
    /// Hours of sampling within the day (TSP, BaP, Pb).
    case samplingHours
    /// Valid 1-hour means.
    case hourlyMeans
    /// Valid 8-hour moving means.
    case eightHourMeans
    /// Valid daily means.
    case dailyMeans
}
