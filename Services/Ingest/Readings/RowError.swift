/// Why a row was refused.
struct RowError: Error, Sendable {
    /// The explanation.
    let message: String

    /// Makes an error.
    init(_ message: String) { self.message = message }
}
