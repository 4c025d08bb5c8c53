import Foundation

/// The six AQI levels of HJ 633 Table 2, with category names and colours.
public enum AQILevel: Int, Sendable, Codable, CaseIterable, Hashable, Comparable {
    /// Level 1, AQI 0–50: excellent (优), green.
    case excellent = 1
    /// Level 2, AQI 51–100: good (良), yellow.
    case good = 2
    /// Level 3, AQI 101–150: light pollution (轻度污染), orange.
    case lightPollution = 3
    /// Level 4, AQI 151–200: moderate pollution (中度污染), red.
    case moderatePollution = 4
    /// Level 5, AQI 201–300: heavy pollution (重度污染), purple.
    case heavyPollution = 5
    /// Level 6, AQI above 300: severe pollution (严重污染), maroon.
    case severePollution = 6

    /// The level of an integer AQI (values below 0 are treated as level 1).
    public init(aqi: Int) {
        switch aqi {
        case ...50: self = .excellent
        case 51...100: self = .good
        case 101...150: self = .lightPollution
        case 151...200: self = .moderatePollution
        case 201...300: self = .heavyPollution
        default: self = .severePollution
        }
    }

    /// Orders levels from best to worst.
    public static func < (lhs: AQILevel, rhs: AQILevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// Lowest AQI of the level.
    public var lowerBound: Int {
        switch self {
        case .excellent: return 0
        case .good: return 51
        case .lightPollution: return 101
        case .moderatePollution: return 151
        case .heavyPollution: return 201
        case .severePollution: return 301
        }
    }

    /// Highest AQI of the level, nil for level 6 which is open-ended.
    public var upperBound: Int? {
        switch self {
        case .excellent: return 50
        case .good: return 100
        case .lightPollution: return 150
        case .moderatePollution: return 200
        case .heavyPollution: return 300
        case .severePollution: return nil
        }
    }

    /// Chinese level name (级别), e.g. 一级.
    public var chineseLevelName: String {
        ["一级", "二级", "三级", "四级", "五级", "六级"][rawValue - 1]
    }

    /// Chinese category (类别), e.g. 优.
    public var chineseCategory: String {
        ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"][rawValue - 1]
    }

    /// English category, e.g. Excellent.
    public var englishCategory: String {
        ["Excellent", "Good", "Light pollution", "Moderate pollution", "Heavy pollution", "Severe pollution"][
            rawValue - 1]
    }

    /// The display colour from HJ 633 Appendix A, Table A.1.
    public var colour: AQIColour {
        switch self {
        case .excellent:
            return AQIColour(
                chineseName: "绿色", englishName: "green", red: 0, green: 228, blue: 0, cmyk: [40, 0, 100, 0])
        case .good:
            return AQIColour(
                chineseName: "黄色", englishName: "yellow", red: 255, green: 255, blue: 0, cmyk: [0, 0, 100, 0])
        case .lightPollution:
            return AQIColour(
                chineseName: "橙色", englishName: "orange", red: 255, green: 126, blue: 0, cmyk: [0, 52, 100, 0])
        case .moderatePollution:
            return AQIColour(
                chineseName: "红色", englishName: "red", red: 255, green: 0, blue: 0, cmyk: [0, 100, 100, 0])
        case .heavyPollution:
            return AQIColour(
                chineseName: "紫色", englishName: "purple", red: 153, green: 0, blue: 76, cmyk: [10, 100, 40, 30])
        case .severePollution:
            return AQIColour(
                chineseName: "褐红色", englishName: "maroon", red: 126, green: 0, blue: 35, cmyk: [30, 100, 100, 30])
        }
    }
}
