import Foundation

/// A JSON string, number or boolean read as text.
struct LooseText: Decodable {
    /// The text, or nil for null, arrays and objects.
    let text: String?

    /// Decodes any scalar.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else if let number = try? container.decode(Decimal.self) {
            text = NSDecimalNumber(decimal: number).stringValue
        } else if let flag = try? container.decode(Bool.self) {
            text = String(flag)
        } else {
            text = nil
        }
    }
}
