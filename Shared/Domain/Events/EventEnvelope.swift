import Foundation

/// The second frame of every bus message: who published what, when, and where it sits in the
/// publisher's sequence. Field names are the wire format documented in `docs/bus.md`.
public struct EventEnvelope: Codable, Sendable, Equatable {
    /// Unique event id (UUID, lower-case text).
    public var id: String
    /// The publishing service instance, e.g. `ingest`.
    public var source: String
    /// Per-source sequence number: 1, 2, 3… with no gaps in the publisher's outbox.
    public var sequence: Int64
    /// Event type name, e.g. `measurement.batch`.
    public var type: String
    /// Version of the event type's payload schema.
    public var version: Int
    /// Event time in UTC: when the thing happened, not when it was sent.
    public var time: Date
    /// Correlation id tying this event to the request or event that caused it.
    public var correlationId: String?

    /// Makes an envelope.
    public init(
        id: String,
        source: String,
        sequence: Int64,
        type: String,
        version: Int,
        time: Date,
        correlationId: String? = nil
    ) {
        self.id = id
        self.source = source
        self.sequence = sequence
        self.type = type
        self.version = version
        self.time = time
        self.correlationId = correlationId
    }
}

extension EventEnvelope {
    /// The JSON encoder the bus uses: ISO 8601 UTC times with milliseconds, sorted keys.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(BusTime.format(date))
        }
        return encoder
    }

    /// One encoder for the hot path (payloads of published events); JSONEncoder is thread-safe
    /// once configured, and making one per event costs as much as a small payload's encoding.
    public static let sharedEncoder = makeEncoder()

    /// One decoder for the hot path (payloads of applied events).
    public static let sharedDecoder = makeDecoder()

    /// The JSON decoder the bus uses; accepts ISO 8601 times with or without fractional seconds.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = BusTime.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an ISO 8601 UTC time: \(text)")
            }
            return date
        }
        return decoder
    }
}

extension EventEnvelope {
    /// The envelope as compact JSON with sorted keys — the same bytes `makeEncoder()` produces,
    /// written directly because every published event pays for it.
    public func jsonData() -> Data {
        var json = JSONWriter(capacity: 160 + (correlationId?.utf8.count ?? 0))
        json.raw("{")
        if let correlationId {
            json.raw(#""correlationId":"#)
            json.string(correlationId)
            json.raw(",")
        }
        json.raw(#""id":"#)
        json.string(id)
        json.raw(#","sequence":"#)
        json.integer(sequence)
        json.raw(#","source":"#)
        json.string(source)
        json.raw(#","time":"#)
        json.time(time)
        json.raw(#","type":"#)
        json.string(type)
        json.raw(#","version":"#)
        json.integer(version)
        json.raw("}")
        return json.data
    }
}

extension EventEnvelope {
    /// Reads an envelope from its JSON frame; unknown members are ignored, as the wire format allows.
    public static func parse(_ data: some Collection<UInt8>) -> EventEnvelope? {
        var id: String?
        var source: String?
        var sequence: Int64?
        var type: String?
        var version: Int?
        var time: Date?
        var correlationId: String?
        var wellFormed = true
        let isObject = JSONScanner.forEachMember(of: data) { key, value in
            // Every known member must have its type; a later duplicate wins, as in a dictionary.
            switch (key, value) {
            case ("id", .string(let text)): id = text
            case ("source", .string(let text)): source = text
            case ("sequence", .number(let text)): sequence = Int64(text)
            case ("type", .string(let text)): type = text
            case ("version", .number(let text)): version = Int(text)
            case ("time", .string(let text)): time = BusTime.parse(text)
            case ("correlationId", .string(let text)): correlationId = text
            case ("correlationId", .null): correlationId = nil
            case ("id", _), ("source", _), ("sequence", _), ("type", _), ("version", _), ("time", _),
                ("correlationId", _):
                wellFormed = false
            default: break
            }
        }
        guard isObject, wellFormed, let id, let source, let sequence, let type, let version, let time else {
            return nil
        }
        return EventEnvelope(
            id: id, source: source, sequence: sequence, type: type, version: version, time: time,
            correlationId: correlationId)
    }
}
