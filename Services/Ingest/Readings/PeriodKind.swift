/// The time span a reading covers, from the HJ 212 command that carried it.
enum PeriodKind: String, Codable, Sendable, CaseIterable {
    /// A real-time sample (CN 2011) or run state (CN 2021); the period start is the sampling instant.
    case instant
    /// A minute interval (CN 2051).
    case minute
    /// An hour (CN 2061).
    case hour
    /// A day (CN 2031, 2041).
    case day

    /// The period kind of a data upload command, or nil when the command carries no readings.
    init?(command: Int) {
        switch command {
        case 2011, 2021: self = .instant
        case 2051: self = .minute
        case 2061: self = .hour
        case 2031, 2041: self = .day
        default: return nil
        }
    }
}
