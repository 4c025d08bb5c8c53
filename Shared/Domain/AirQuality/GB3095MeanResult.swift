import Foundation

/// A mean or maximum computed from the values supplied, with its GB 3095 validity.
public struct GB3095MeanResult: Sendable, Hashable, Codable {
    /// The pollutant.
    public let pollutant: AirPollutant
    /// The statistic computed.
    public let statistic: GB3095Statistic
    /// The arithmetic mean (or maximum) of the values present, nil when there are none; check `validity` before use.
    public let value: Decimal?
    /// How many values (or minutes or hours) were counted.
    public let count: Int
    /// The rule applied, nil when GB 3095 has none for this pollutant and statistic.
    public let requirement: GB3095ValidityRequirement?
    /// Whether the statistic is valid.
    public let validity: GB3095Validity
    /// Months (1–12) whose count fell below the monthly minimum.
    public let monthsBelowMinimum: [Int]

    /// Creates a result.
    public init(
        pollutant: AirPollutant, statistic: GB3095Statistic, value: Decimal?, count: Int,
        requirement: GB3095ValidityRequirement?, validity: GB3095Validity, monthsBelowMinimum: [Int] = []
    ) {
        self.pollutant = pollutant
        self.statistic = statistic
        self.value = value
        self.count = count
        self.requirement = requirement
        self.validity = validity
        self.monthsBelowMinimum = monthsBelowMinimum
    }

    /// Whether the statistic is valid.
    public var isValid: Bool {
        validity == .valid
    }
}
