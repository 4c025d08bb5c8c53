import Domain
import Foundation
import Testing

@Suite("JSON scanner (the bus's hot-path reader)")
struct JSONScannerTests {
    static let valid = [
        "{}", "[]", "0", "-0.5e+10", "\"\"", "true", "null", #"{"a":[1,2,{"b":null}],"c":"\u00e9\n"}"#,
        #"  {"k" : "v" }  "#, #"["\ud83d\ude00"]"#, "1E5", #"{"中":"文"}"#,
    ]
    static let invalid = [
        "", "{", "{\"a\":}", "[1,]", "01", "1.", "-", "tru", "\"\\x\"", "\"\u{01}\"", "{\"a\" 1}", "[1 2]",
        "{}{}", "\"\\ud800\"", "nul", "{'a':1}", "[\"\\u12\"]",
    ]

    @Test("accepts valid JSON", arguments: valid)
    func acceptsValid(text: String) {
        #expect(JSONScanner.isValid(Array(text.utf8)))
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil)
    }

    @Test("refuses invalid JSON", arguments: invalid)
    func refusesInvalid(text: String) {
        #expect(!JSONScanner.isValid(Array(text.utf8)))
    }

    @Test("agrees with JSONSerialization on thousands of random mutations of valid documents")
    func agreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        let seeds = Self.valid.map { Array($0.utf8) }
        let alphabet = Array("{}[]\",:0123456789.-+eEtrufalsn \\u\n".utf8)
        for _ in 0..<5000 {
            var bytes = seeds.randomElement(using: &generator) ?? []
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes.insert(alphabet.randomElement(using: &generator) ?? 0x20, at: position)
                case 1 where position < bytes.count: bytes.remove(at: position)
                default:
                    if position < bytes.count { bytes[position] = alphabet.randomElement(using: &generator) ?? 0x20 }
                }
            }
            // Two known, deliberate differences: Foundation accepts trailing commas and refuses numbers
            // beyond Double's range; RFC 8259, which the scanner follows, says the opposite.
            let text = String(decoding: bytes, as: UTF8.self)
            if text.range(of: #",\s*[\]}]"#, options: .regularExpression) != nil
                || text.range(of: #"[eE][+-]?\d{3,}"#, options: .regularExpression) != nil
            {
                continue
            }
            let foundation = (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) != nil
            #expect(JSONScanner.isValid(bytes) == foundation, "scanner \(!foundation) on \(text)")
        }
    }

    @Test("reads a flat object with escapes, and refuses nesting")
    func flatObjects() {
        let members = JSONScanner.flatObject(Array(#"{"a":"x\"y\u4e2d","n":-12.5,"t":true,"z":null}"#.utf8))
        #expect(members?["a"] == .string("x\"y中"))
        #expect(members?["n"] == .number("-12.5"))
        #expect(members?["t"] == .bool(true))
        #expect(members?["z"] == .null)
        #expect(JSONScanner.flatObject(Array(#"{"a":{"b":1}}"#.utf8)) == nil)
        #expect(JSONScanner.flatObject(Array("[1]".utf8)) == nil)
    }

    @Test("envelope parsing matches JSONDecoder, and rejects wrong types")
    func envelopes() throws {
        let envelope = EventEnvelope(
            id: "e1", source: "ingest", sequence: 9, type: "measurement.batch", version: 1,
            time: Date(timeIntervalSince1970: 1_764_393_159.5), correlationId: "c")
        let parsed = EventEnvelope.parse(Array(envelope.jsonData()))
        #expect(parsed == envelope)
        #expect(
            EventEnvelope.parse(
                Array(
                    #"{"id":"e","source":"s","sequence":"9","type":"t","version":1,"time":"2026-01-01T00:00:00Z"}"#.utf8
                )) == nil)
        #expect(
            EventEnvelope.parse(
                Array(#"{"id":"e","source":"s","sequence":9,"type":"t","version":1,"time":"yesterday"}"#.utf8)) == nil)
        let extra = EventEnvelope.parse(
            Array(
                #"{"id":"e","source":"s","sequence":9,"type":"t","version":1,"time":"2026-01-01T08:00:00+08:00","future":1}"#
                    .utf8))
        #expect(extra?.time == Date(timeIntervalSince1970: 1_767_225_600))
    }
}
