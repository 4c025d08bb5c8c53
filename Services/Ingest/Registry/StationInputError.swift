/// Why a station input was refused.
struct StationInputError: Error, Sendable {
    /// The explanation.
    let message: String

    /// Makes an error.
    init(_ message: String) { self.message = message }
}
