import Configuration
import Foundation

/// The `emergency` service's own settings (beyond `ServiceSettings`).
///
/// Keys (environment: upper case with underscores, e.g. `EMERGENCY_TIMER_MILLISECONDS`):
/// - `emergency.timerMilliseconds` (int, default 5000): time between checks of the escalation and
///   report timers (the deadlines themselves are data: response plans, per level).
struct EmergencySettings: Sendable {
    /// Time between timer checks.
    var timerInterval: Duration

    /// Defaults, for tests.
    init(timerInterval: Duration = .seconds(5)) {
        self.timerInterval = timerInterval
    }

    /// Reads every key from `reader` (scoped to the root).
    init(reader: ConfigReader) {
        timerInterval = .milliseconds(max(10, reader.int(forKey: "emergency.timerMilliseconds", default: 5000)))
    }
}
