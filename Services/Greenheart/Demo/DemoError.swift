/// Why a step of the demo failed.
struct DemoError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// Makes the error.
    init(_ description: String) { self.description = description }
}
