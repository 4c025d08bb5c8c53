import Foundation

/// A GB 3095 ambient air functional zone class (环境空气功能区).
public enum AmbientAirZoneClass: String, Sendable, Codable, CaseIterable, Hashable {
    /// Class 1: nature reserves, scenic areas, national and natural parks; Grade I limits apply.
    case class1 = "1"
    /// Class 2: every other area (residential, commercial, industrial, rural); Grade II limits apply.
    case class2 = "2"

    /// The Chinese name, e.g. 一类区.
    public var chineseName: String {
        switch self {
        case .class1: return "一类区"
        case .class2: return "二类区"
        }
    }
}
