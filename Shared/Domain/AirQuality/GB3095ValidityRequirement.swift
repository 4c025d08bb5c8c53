import Foundation

/// The minimum data a GB 3095 statistic needs to be valid.
public struct GB3095ValidityRequirement: Sendable, Hashable, Codable {
    /// The statistic the rule is for.
    public let statistic: GB3095Statistic
    /// The minimum total count.
    public let minimumCount: Int
    /// What is counted.
    public let counted: GB3095CountedQuantity
    /// The minimum count in each calendar month, for annual and quarterly means.
    public let monthlyMinimum: Int?
    /// The minimum count in February when it differs from `monthlyMinimum`.
    public let februaryMinimum: Int?
    /// Whether the standard also asks for the values to be spread evenly (not checkable from counts).
    public let requiresEvenSpread: Bool

    /// Creates a requirement.
    public init(
        statistic: GB3095Statistic, minimumCount: Int, counted: GB3095CountedQuantity,
        monthlyMinimum: Int? = nil, februaryMinimum: Int? = nil, requiresEvenSpread: Bool = false
    ) {
        self.statistic = statistic
        self.minimumCount = minimumCount
        self.counted = counted
        self.monthlyMinimum = monthlyMinimum
        self.februaryMinimum = februaryMinimum
        self.requiresEvenSpread = requiresEvenSpread
    }

    /// The monthly minimum that applies to a month (1–12), if any.
    public func monthlyMinimum(forMonth month: Int) -> Int? {
        month == 2 ? (februaryMinimum ?? monthlyMinimum) : monthlyMinimum
    }
}
