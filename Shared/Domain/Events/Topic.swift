/// Helpers for bus topics: dot-separated, most general segment first (`measurement.air.430200001`).
public enum Topic {
    /// Topics of the publishers' heartbeats; a reliable subscriber always listens to these.
    public static let heartbeatPrefix = "heartbeat."

    /// The heartbeat topic of `source`.
    public static func heartbeat(source: String) -> String { heartbeatPrefix + source }

    /// Joins segments with dots.
    public static func make(_ segments: String...) -> String { segments.joined(separator: ".") }

    /// Whether `topic` is a syntactically valid topic: non-empty printable ASCII segments, no spaces.
    public static func isValid(_ topic: String) -> Bool {
        guard !topic.isEmpty, topic.utf8.count <= 255 else { return false }
        return topic.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        }
    }

    /// Whether `topic` matches any of `prefixes` the way ZeroMQ filters (byte prefix; empty matches all).
    public static func matches(_ topic: String, prefixes: [String]) -> Bool {
        prefixes.contains { topic.hasPrefix($0) }
    }
}
