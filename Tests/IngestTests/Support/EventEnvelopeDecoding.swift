import Domain
import Foundation

/// The decoder matching `jsonResponse`'s date format.
enum EventEnvelopeDecoding {
    /// A decoder for API responses.
    static var decoder: JSONDecoder { EventEnvelope.makeDecoder() }
}
