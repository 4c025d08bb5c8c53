import Foundation

/// One GB 3095 concentration limit: pollutant, averaging period, zone class and value.
public struct GB3095Limit: Sendable, Hashable, Codable {
    /// The limit column the value belongs to.
    public let limitSet: GB3095LimitSet
    /// The pollutant.
    public let pollutant: AirPollutant
    /// The averaging period.
    public let period: AmbientAveragingPeriod
    /// The zone class the limit protects.
    public let zoneClass: AmbientAirZoneClass
    /// The limit value, in `unit`.
    public let value: Decimal
    /// The unit of `value`.
    public let unit: AirConcentrationUnit

    /// Creates a limit.
    public init(
        limitSet: GB3095LimitSet, pollutant: AirPollutant, period: AmbientAveragingPeriod,
        zoneClass: AmbientAirZoneClass, value: Decimal, unit: AirConcentrationUnit
    ) {
        self.limitSet = limitSet
        self.pollutant = pollutant
        self.period = period
        self.zoneClass = zoneClass
        self.value = value
        self.unit = unit
    }

    /// Whether a concentration meets the limit (a value equal to the limit meets it).
    public func isMet(by concentration: AirConcentration) -> Bool {
        concentration.value(in: unit) <= value
    }
}
