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
        var json = "{"
        if let correlationId {
            json += #""correlationId":"# + Self.quoted(correlationId) + ","
        }
        json += #""id":"# + Self.quoted(id)
        json += #","sequence":"# + String(sequence)
        json += #","source":"# + Self.quoted(source)
        json += #","time":""# + BusTime.format(time) + "\""
        json += #","type":"# + Self.quoted(type)
        json += #","version":"# + String(version) + "}"
        return Data(json.utf8)
    }

    /// A JSON string literal for `text`, escaped per RFC 8259.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += String(format: "\\u%04x", control.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension EventEnvelope {
    /// Reads an envelope from its JSON frame; unknown members are ignored, as the wire format allows.
    public static func parse(_ data: some Collection<UInt8>) -> EventEnvelope? {
        guard let members = JSONScanner.flatObject(data),
            case .string(let id)? = members["id"], case .string(let source)? = members["source"],
            case .number(let sequenceText)? = members["sequence"], let sequence = Int64(sequenceText),
            case .string(let type)? = members["type"], case .number(let versionText)? = members["version"],
            let version = Int(versionText), case .string(let timeText)? = members["time"],
            let time = BusTime.parse(timeText)
        else { return nil }
        var correlationId: String?
        switch members["correlationId"] {
        case .string(let value)?: correlationId = value
        case .null?, nil: correlationId = nil
        default: return nil
        }
        return EventEnvelope(
            id: id, source: source, sequence: sequence, type: type, version: version, time: time,
            correlationId: correlationId)
    }
}
