import Foundation

/// The kind of water body a section lies on; GB 3838 treats total phosphorus and total nitrogen differently.
public enum WaterBodyKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// A river (河流).
    case river
    /// A lake or reservoir (湖、库).
    case lakeOrReservoir
}
