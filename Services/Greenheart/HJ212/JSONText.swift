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

    /// A JSON string literal.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
