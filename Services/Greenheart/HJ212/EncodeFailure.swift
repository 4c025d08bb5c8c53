/// A line `hj212 encode` could not encode, as its JSON error object.
struct EncodeFailure: Error {
    /// `{"ok":false,"error":…,"message":…}`.
    let json: String
}
