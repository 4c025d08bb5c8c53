import Foundation
import Synchronization

/// Prints the demo's progress step by step; a step that throws ends the demo naming it.
final class DemoReporter: Sendable {
    /// How many steps there are.
    let total: Int
    private let current = Mutex(0)
    private let started = ContinuousClock.now

    /// Makes a reporter of `total` steps.
    init(total: Int) {
        self.total = total
    }

    /// Runs step `title`: prints its heading, then a tick and its duration, or a cross and the reason.
    func step<T>(_ title: String, _ body: () async throws -> T) async throws -> T {
        let number = current.withLock { number in
            number += 1
            return number
        }
        Console.line("[\(number)/\(total)] \(title)")
        let clock = ContinuousClock()
        let began = clock.now
        do {
            let result = try await body()
            Console.line("      ✔ \(Self.seconds(clock.now - began))")
            return result
        } catch {
            Console.line("      ✘ \(error)")
            throw DemoFailure(step: number, total: total, title: title, reason: "\(error)")
        }
    }

    /// Prints a detail line of the current step.
    func say(_ line: String) {
        Console.line("      " + line)
    }

    /// Time since the demo began.
    var elapsed: String { Self.seconds(ContinuousClock.now - started) }

    /// `1.2 s`.
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.1f s", value)
    }
}
