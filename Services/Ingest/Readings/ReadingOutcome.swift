/// What became of one reading handed to the store.
enum ReadingOutcome: String, Codable, Sendable {
    /// New: stored and published.
    case stored
    /// The same value was already stored: nothing changed (a resend).
    case unchanged
    /// A different value was stored: the correction was recorded and published.
    case revised
}
