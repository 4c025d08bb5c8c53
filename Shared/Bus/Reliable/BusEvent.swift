import Domain
import Foundation

/// An event as a subscriber receives it: the decoded envelope and the raw frames.
public struct BusEvent: Sendable {
    /// The topic frame.
    public var topic: String
    /// The decoded envelope.
    public var envelope: EventEnvelope
    /// The envelope frame as received.
    public var envelopeData: Data
    /// The payload frame (JSON) as received.
    public var payload: Data

    /// Decodes the payload as `type`.
    public func decode<Payload: Decodable>(_ type: Payload.Type) throws -> Payload {
        try EventEnvelope.sharedDecoder.decode(type, from: payload)
    }

    /// The three wire frames.
    public var frames: [Data] { [Data(topic.utf8), envelopeData, payload] }

    /// Parses three wire frames, telling precisely what is wrong when they are not an event.
    public static func parse(_ frames: [Data]) -> Result<BusEvent, BadMessageReason> {
        guard frames.count == 3 else { return .failure(.frameCount) }
        guard let topic = String(data: frames[0], encoding: .utf8), Topic.isValid(topic) else {
            return .failure(.invalidTopic)
        }
        guard let envelope = EventEnvelope.parse(frames[1]), !envelope.source.isEmpty, envelope.sequence >= 0,
            !envelope.type.isEmpty
        else {
            return .failure(.invalidEnvelope)
        }
        guard JSONScanner.isValid(frames[2]) else { return .failure(.invalidPayload) }
        return .success(BusEvent(topic: topic, envelope: envelope, envelopeData: frames[1], payload: frames[2]))
    }
}
