import Foundation

/// The GB 3096 assessment periods.
public enum NoisePeriod: String, Sendable, Codable, CaseIterable, Hashable {
    /// Daytime (昼间), 06:00–22:00 unless a local government sets other hours.
    case day
    /// Night-time (夜间), 22:00–06:00 unless a local government sets other hours.
    case night

    /// The Chinese name.
    public var chineseName: String {
        self == .day ? "昼间" : "夜间"
    }
}
