/// The step the demo failed at.
struct DemoFailure: Error, CustomStringConvertible {
    /// Its number.
    var step: Int
    /// How many steps there are.
    var total: Int
    /// Its title.
    var title: String
    /// Why.
    var reason: String

    /// `step 6/7 (title) failed: reason`.
    var description: String { "step \(step)/\(total) (\(title)) failed: \(reason)" }
}
