import Foundation

/// Which edition of the standard a packet claims, from the Flag version bits V5..V0 (advisory only).
public enum HJ212Version: Sendable, Hashable, CustomStringConvertible {
    /// HJ/T 212-2005: version bits 000000, or no Flag at all.
    case hj2005
    /// HJ 212-2017: version bits 000001.
    case hj2017
    /// HJ 212-2025: version bits 000010 (taken from implementations, not the 2025 text).
    case hj2025
    /// Any other version bits; such packets are handled with the 2017 rules.
    case unrecognised(bits: UInt8)

    /// Classifies the six version bits (Flag >> 2).
    public init(bits: UInt8) {
        switch bits {
        case 0: self = .hj2005
        case 1: self = .hj2017
        case 2: self = .hj2025
        default: self = .unrecognised(bits: bits)
        }
    }

    /// The six version bits this edition writes into Flag.
    public var bits: UInt8 {
        switch self {
        case .hj2005: return 0
        case .hj2017: return 1
        case .hj2025: return 2
        case .unrecognised(let bits): return bits & 0x3F
        }
    }

    /// True for the 2005 dialect, whose replies carry the request QN inside CP.
    public var isLegacy2005: Bool {
        self == .hj2005
    }

    /// A short label such as `HJ212-2017`.
    public var description: String {
        switch self {
        case .hj2005: return "HJ/T212-2005"
        case .hj2017: return "HJ212-2017"
        case .hj2025: return "HJ212-2025"
        case .unrecognised(let bits): return "HJ212-version-bits-\(bits)"
        }
    }
}
