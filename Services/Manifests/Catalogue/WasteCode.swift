import Foundation

/// One entry of the National Hazardous Waste List (2021): an 8-digit code `XXX-YYY-ZZ` in a
/// category `HWZZ`, with its description and hazardous characteristics.
struct WasteCode: Sendable, Codable, Equatable {
    /// The category, `HW01`…`HW50`.
    var category: String
    /// The category's name, e.g. 医疗废物.
    var categoryName: String
    /// The 3-digit industry of origin (`900` = not industry-specific).
    var industryCode: String
    /// The industry's name, best effort (blank for some rows of the source).
    var industry: String
    /// The code written `XXX-YYY-ZZ`.
    var code: String
    /// What the waste is.
    var description: String
    /// Hazardous characteristics: `T`, `C`, `I`, `R`, `In`.
    var characteristics: [String]

    /// Whether the code is medical waste (HW01), which the health department follows.
    var isMedical: Bool { category == "HW01" }

    /// The canonical `XXX-YYY-ZZ` form of a code written with or without dashes, or nil.
    static func normalise(_ text: String) -> String? {
        let digits = text.trimmingCharacters(in: .whitespaces).filter { $0 != "-" }
        guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let chars = Array(digits)
        return String(chars[0..<3]) + "-" + String(chars[3..<6]) + "-" + String(chars[6..<8])
    }
}
