import Foundation

/// An event of a topic other than `emergency.incident.*`, as a message carries it.
struct TopicEvent: Codable, Sendable, Equatable {
    /// The bus event id.
    var id: String
    /// Its topic, e.g. `waste.anomaly.transit_too_long`.
    var topic: String
    /// Its event type, e.g. `waste.anomaly.detected`.
    var type: String
    /// Its event time (UTC).
    var time: Date
    /// One line for people, from the payload's best-known fields.
    var summary: String
    /// The payload as published.
    var payload: JSONValue

    /// Makes the message form of a bus event, summarising its payload.
    init(id: String, topic: String, type: String, time: Date, payload: JSONValue) {
        self.id = id
        self.topic = topic
        self.type = type
        self.time = time
        self.payload = payload
        summary = Self.summary(topic: topic, payload: payload)
    }

    /// A line naming what the event is about: the manifest, the breach or the anomaly, where known.
    static func summary(topic: String, payload: JSONValue) -> String {
        var parts: [String] = [topic]
        let manifest = payload["manifest"] ?? payload
        if let number = manifest["number"]?.text { parts.append("联单 \(number)") }
        if let name = manifest["consignor"]?["name"]?.text { parts.append(name) }
        if let state = payload["toState"]?.text ?? manifest["state"]?.text { parts.append("状态 \(state)") }
        if let scope = payload["scope"], let id = scope["name"]?.text ?? scope["id"]?.text { parts.append(id) }
        if let detail = payload["detail"]?.text ?? payload["ruleName"]?.text { parts.append(detail) }
        return parts.joined(separator: " · ")
    }
}
