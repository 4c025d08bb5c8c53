import Foundation

/// Whether a report's AQI may be published, given which indicators are available.
public enum AQIPublicationStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Every indicator has a sub-index.
    case complete
    /// Some indicators are "NA"; the AQI from the others is published.
    case publishedWithMissingIndicators
    /// HJ 633—2026 §5.3: some indicators are "NA" and the AQI of the others is not above 100, so AQI shows "NA".
    case withheldForMissingIndicators
    /// No indicator has a sub-index.
    case noData
}
