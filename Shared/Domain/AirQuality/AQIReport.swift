import Foundation

/// An HJ 633 report for one site and period: sub-indices, AQI, level and pollutants of note.
public struct AQIReport: Sendable, Hashable, Codable {
    /// The HJ 633 version that produced the report.
    public let standard: AQIStandard
    /// Real-time (hourly) or daily report.
    public let kind: AQIReportKind
    /// One result per indicator of the report, in a fixed order.
    public let subIndices: [IAQIResult]
    /// The published AQI, nil when "NA".
    public let aqi: Int?
    /// The largest available sub-index, even when the AQI itself is withheld.
    public let maximumAvailableSubIndex: Int?
    /// The level of the published AQI.
    public let level: AQILevel?
    /// Indicators whose sub-index equals the AQI, when the AQI is above 50 (several when tied).
    public let primaryIndicators: [AQIIndicator]
    /// The pollutants of `primaryIndicators` (首要污染物), each once.
    public let primaryPollutants: [AirPollutant]
    /// Indicators whose sub-index is above 100.
    public let exceedingIndicators: [AQIIndicator]
    /// The pollutants of `exceedingIndicators` (超标污染物, a term only HJ 633—2012 defines), each once.
    public let exceedingPollutants: [AirPollutant]
    /// Indicators shown as "NA" (not measured, invalid, or not defined).
    public let unavailableIndicators: [AQIIndicator]
    /// Whether and why the AQI is published.
    public let publication: AQIPublicationStatus

    /// Builds a report from its sub-indices, applying the AQI, level, primary-pollutant and missing-data rules.
    public init(standard: AQIStandard, kind: AQIReportKind, subIndices: [IAQIResult]) {
        self.standard = standard
        self.kind = kind
        self.subIndices = subIndices
        let available = subIndices.compactMap { result in result.value.map { (result.indicator, $0) } }
        let unavailable = subIndices.filter { $0.value == nil }.map(\.indicator)
        let maximum = available.map(\.1).max()
        let publication: AQIPublicationStatus
        if maximum == nil {
            publication = .noData
        } else if unavailable.isEmpty {
            publication = .complete
        } else if standard.withholdsLowAQIWhenIndicatorsMissing, let maximum, maximum <= 100 {
            publication = .withheldForMissingIndicators
        } else {
            publication = .publishedWithMissingIndicators
        }
        let aqi = (publication == .complete || publication == .publishedWithMissingIndicators) ? maximum : nil
        let primary: [AQIIndicator]
        if let aqi, aqi > 50 {
            primary = available.filter { $0.1 == aqi }.map(\.0)
        } else {
            primary = []
        }
        let exceeding = available.filter { $0.1 > 100 }.map(\.0)
        self.maximumAvailableSubIndex = maximum
        self.aqi = aqi
        self.level = aqi.map(AQILevel.init(aqi:))
        self.primaryIndicators = primary
        self.primaryPollutants = AQIReport.distinctPollutants(of: primary)
        self.exceedingIndicators = exceeding
        self.exceedingPollutants = AQIReport.distinctPollutants(of: exceeding)
        self.unavailableIndicators = unavailable
        self.publication = publication
    }

    /// The result for one indicator, if the report has it.
    public func subIndex(for indicator: AQIIndicator) -> IAQIResult? {
        subIndices.first { $0.indicator == indicator }
    }

    /// Pollutants in first-seen order without repeats (O3 1 h and O3 8 h both map to O3).
    private static func distinctPollutants(of indicators: [AQIIndicator]) -> [AirPollutant] {
        var seen: [AirPollutant] = []
        for pollutant in indicators.map(\.pollutant) where !seen.contains(pollutant) {
            seen.append(pollutant)
        }
        return seen
    }
}
