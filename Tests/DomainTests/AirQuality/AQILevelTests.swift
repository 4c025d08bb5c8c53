import Domain
import Foundation
import Testing

/// Suite: AQI levels, categories and colours.
@Suite("AQI levels, categories and colours")
struct AQILevelTests {
    /// Checks: Each level's boundaries map to the right level.
    @Test(
        "Each level's boundaries map to the right level",
        arguments: [
            (0, AQILevel.excellent), (50, .excellent), (51, .good), (100, .good), (101, .lightPollution),
            (150, .lightPollution), (151, .moderatePollution), (200, .moderatePollution),
            (201, .heavyPollution), (300, .heavyPollution), (301, .severePollution), (500, .severePollution),
        ])
    func levelBoundaries(_ aqi: Int, _ expected: AQILevel) {
        // When
        let level = AQILevel(aqi: aqi)

        // Then
        #expect(level == expected)
        #expect(level.lowerBound <= aqi)
        #expect(level.upperBound.map { aqi <= $0 } ?? true)
    }

    /// Checks: Names and RGB colours follow HJ 633 Table 2 and Appendix A.
    @Test(
        "Names and RGB colours follow HJ 633 Table 2 and Appendix A",
        arguments: [
            (AQILevel.excellent, "一级", "优", "Excellent", "#00E400"),
            (.good, "二级", "良", "Good", "#FFFF00"),
            (.lightPollution, "三级", "轻度污染", "Light pollution", "#FF7E00"),
            (.moderatePollution, "四级", "中度污染", "Moderate pollution", "#FF0000"),
            (.heavyPollution, "五级", "重度污染", "Heavy pollution", "#99004C"),
            (.severePollution, "六级", "严重污染", "Severe pollution", "#7E0023"),
        ])
    func namesAndColours(_ level: AQILevel, _ levelName: String, _ category: String, _ english: String, _ hex: String) {
        #expect(level.chineseLevelName == levelName)
        #expect(level.chineseCategory == category)
        #expect(level.englishCategory == english)
        #expect(level.colour.hex == hex)
    }

    /// Checks: Level 5 purple is RGB 153,0,76 and CMYK 10,100,40,30.
    @Test("Level 5 purple is RGB 153,0,76 and CMYK 10,100,40,30")
    func purpleChannels() {
        // When
        let colour = AQILevel.heavyPollution.colour

        // Then
        #expect([colour.red, colour.green, colour.blue] == [Int]([153, 0, 76]))
        #expect(colour.cmyk == [10, 100, 40, 30])
        #expect(colour.chineseName == "紫色")
    }
}
