import Foundation

/// How failed deliveries are retried: exponential backoff from `base`, capped at `cap`, with jitter,
/// until `maxAttempts` attempts were made.
struct RetryPolicy: Sendable {
    /// The delay after the first failed attempt (before jitter).
    var base: Duration
    /// The longest delay.
    var cap: Duration
    /// Attempts after which a delivery becomes a dead letter.
    var maxAttempts: Int
    /// A number in 0…1 drawn per retry (injectable so tests are deterministic).
    var jitter: @Sendable () -> Double

    /// Makes a policy; the default jitter is uniform.
    init(
        base: Duration = .seconds(2), cap: Duration = .seconds(3600), maxAttempts: Int = 8,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
        self.jitter = jitter
    }

    /// The delay before the next attempt after `attempts` failed ones: `min(cap, base·2^(attempts−1))`
    /// scaled into its upper half by the jitter ("equal jitter"), so retries of many receivers spread.
    func delay(afterAttempts attempts: Int) -> TimeInterval {
        let base = Self.seconds(self.base)
        let cap = Self.seconds(self.cap)
        let exponent = Double(max(0, min(attempts - 1, 30)))
        let full = min(cap, base * pow(2, exponent))
        let fraction = min(1, max(0, jitter()))
        return full / 2 + full / 2 * fraction
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
