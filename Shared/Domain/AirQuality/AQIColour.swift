import Foundation

/// The display colour HJ 633 Appendix A assigns to an AQI level.
public struct AQIColour: Sendable, Hashable, Codable {
    /// Chinese colour name, e.g. 绿色.
    public let chineseName: String
    /// English colour name, e.g. green.
    public let englishName: String
    /// Red channel, 0–255.
    public let red: Int
    /// Green channel, 0–255.
    public let green: Int
    /// Blue channel, 0–255.
    public let blue: Int
    /// CMYK values in percent (cyan, magenta, yellow, black) for print.
    public let cmyk: [Int]

    /// Creates a colour.
    public init(chineseName: String, englishName: String, red: Int, green: Int, blue: Int, cmyk: [Int]) {
        self.chineseName = chineseName
        self.englishName = englishName
        self.red = red
        self.green = green
        self.blue = blue
        self.cmyk = cmyk
    }

    /// The RGB colour as `#RRGGBB` with upper-case hex digits.
    public var hex: String {
        "#"
            + [red, green, blue].map { channel in
                let text = String(channel, radix: 16, uppercase: true)
                return text.count < 2 ? "0" + text : text
            }.joined()
    }
}
