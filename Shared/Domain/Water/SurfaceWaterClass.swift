import Foundation

/// A GB 3838—2002 surface-water quality class, best (I) to worst (worse than V, 劣V类).
public enum SurfaceWaterClass: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    /// Class I (Ⅰ类).
    case classI = "I"
    /// Class II (Ⅱ类).
    case classII = "II"
    /// Class III (Ⅲ类).
    case classIII = "III"
    /// Class IV (Ⅳ类).
    case classIV = "IV"
    /// Class V (Ⅴ类).
    case classV = "V"
    /// Worse than class V (劣Ⅴ类): fails the class V limit.
    case worseThanV = "worseThanV"

    /// The classes that have limits, I to V in order.
    public static let limitedClasses: [SurfaceWaterClass] = [.classI, .classII, .classIII, .classIV, .classV]

    /// 1 for class I up to 6 for worse than V.
    public var rank: Int {
        switch self {
        case .classI: return 1
        case .classII: return 2
        case .classIII: return 3
        case .classIV: return 4
        case .classV: return 5
        case .worseThanV: return 6
        }
    }

    /// Orders from best (I) to worst (劣V).
    public static func < (lhs: SurfaceWaterClass, rhs: SurfaceWaterClass) -> Bool {
        lhs.rank < rhs.rank
    }

    /// The Chinese label, e.g. Ⅲ类 or 劣Ⅴ类.
    public var chineseName: String {
        ["Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"][rank - 1]
    }

    /// The qualitative description of the 2011 evaluation method: 优 (I–II), 良好, 轻度污染, 中度污染, 重度污染.
    public var chineseQualityDescription: String {
        ["优", "优", "良好", "轻度污染", "中度污染", "重度污染"][rank - 1]
    }

    /// Whether the class is III or better (the usual KPI threshold).
    public var isClassIIIOrBetter: Bool {
        self <= .classIII
    }
}
