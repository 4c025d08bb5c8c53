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
        // One pass over the bytes: it runs for every event published and received.
        var count = 0
        var segmentIsEmpty = true
        for byte in topic.utf8 {
            count += 1
            if byte == UInt8(ascii: ".") {
                if segmentIsEmpty { return false }
                segmentIsEmpty = true
            } else if byte > 0x20 && byte < 0x7F {
                segmentIsEmpty = false
            } else {
                return false
            }
        }
        return count > 0 && count <= 255 && !segmentIsEmpty
    }

    /// Whether `topic` matches any of `prefixes` the way ZeroMQ filters (byte prefix; empty matches all).
    public static func matches(_ topic: String, prefixes: [String]) -> Bool {
        prefixes.contains { topic.hasPrefix($0) }
    }
}
