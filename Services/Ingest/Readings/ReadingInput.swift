import Foundation

/// One normalised value about to be stored, whatever way it arrived.
struct ReadingInput: Sendable, Equatable {
    /// The 2017 factor code (or facility code such as `SB1` for run states).
    var factor: String
    /// What span the value covers.
    var periodKind: PeriodKind
    /// The start of that span (the instant for `instant`), UTC.
    var periodStart: Date
    /// The statistic: `Rtd`, `Avg`, `Min`, `Max`, `Cou`, `ZsAvg`, `RS`, …
    var statistic: String
    /// The value as exact decimal text, as sent.
    var value: String
    /// The unit, when known.
    var unit: String?
    /// The data flag (`N`, `F`, `M`, `S`, `D`, `C`, `T`, `B`, …), when sent.
    var flag: String?
}
