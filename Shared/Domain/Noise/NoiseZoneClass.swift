import Foundation

/// A GB 3096—2008 acoustic functional zone class (声环境功能区) and its L_Aeq limits in dB(A).
public enum NoiseZoneClass: String, Sendable, Codable, CaseIterable, Hashable {
    /// Class 0: convalescent and rehabilitation areas needing special quiet.
    case class0 = "0"
    /// Class 1: mainly residential, medical, cultural and education, research and administrative areas.
    case class1 = "1"
    /// Class 2: commercial and market areas, or mixed residential, commercial and industrial areas.
    case class2 = "2"
    /// Class 3: industrial production and warehousing/logistics areas.
    case class3 = "3"
    /// Class 4a: both sides of expressways, class 1/2 highways, urban arterials, ground-level urban rail and inland waterways.
    case class4a = "4a"
    /// Class 4b: both sides of railway trunk lines.
    case class4b = "4b"

    /// The standard's designation.
    public static let standard = "GB 3096—2008"

    /// The daytime limit, dB(A).
    public var dayLimit: Decimal {
        switch self {
        case .class0: return 50
        case .class1: return 55
        case .class2: return 60
        case .class3: return 65
        case .class4a: return 70
        case .class4b: return 70
        }
    }

    /// The night-time limit, dB(A).
    public var nightLimit: Decimal {
        switch self {
        case .class0: return 40
        case .class1: return 45
        case .class2: return 50
        case .class3: return 55
        case .class4a: return 55
        case .class4b: return 60
        }
    }

    /// The limit for a period, dB(A).
    public func limit(for period: NoisePeriod) -> Decimal {
        period == .day ? dayLimit : nightLimit
    }

    /// The Chinese name, e.g. 4a类声环境功能区.
    public var chineseName: String {
        "\(rawValue)类声环境功能区"
    }
}
