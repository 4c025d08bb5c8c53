import Domain

/// Writes JSON by hand where the order of keys matters to the reader (one object per line).
struct JSONText {
    private(set) var text = "{"
    private var first = true

    /// Starts an object.
    init() {}

    /// Adds a string member.
    mutating func add(_ key: String, _ value: String) {
        member(key)
        text += Self.quoted(value)
    }

    /// Adds a number member.
    mutating func add(_ key: String, _ value: Int) {
        member(key)
        text += String(value)
    }

    /// Adds a boolean member.
    mutating func add(_ key: String, _ value: Bool) {
        member(key)
        text += value ? "true" : "false"
    }

    /// Adds an object member of string values, in the given order.
    mutating func add(_ key: String, object pairs: [(String, String)]) {
        member(key)
        text += "{" + pairs.map { Self.quoted($0.0) + ":" + Self.quoted($0.1) }.joined(separator: ",") + "}"
    }

    /// The finished object.
    var result: String { text + "}" }

    private mutating func member(_ key: String) {
        if !first { text += "," }
        first = false
        text += Self.quoted(key) + ":"
    }

    /// A JSON string literal, escaped as the bus's own JSON is.
    static func quoted(_ value: String) -> String {
        var json = JSONWriter(capacity: value.utf8.count + 2)
        json.string(value)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
