/// Why a station could not be registered.
struct RegistrationError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// Makes the error.
    init(_ description: String) { self.description = description }
}
