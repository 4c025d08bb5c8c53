import GRDB

/// What a monitoring station measures; names the second segment of its measurement topics.
enum StationKind: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Ambient air quality.
    case air
    /// Surface or ground water quality.
    case water
    /// A polluter's online monitor (flue gas or waste water).
    case emission
    /// Acoustic environment.
    case noise
}
