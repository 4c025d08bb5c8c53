import Foundation

/// The `Flag` header value: bits `V5 V4 V3 V2 V1 V0 D A`, most significant first.
public struct HJ212Flag: RawRepresentable, Sendable, Hashable {
    /// The integer 0...255 as sent.
    public let rawValue: UInt8

    /// Wraps a raw Flag value.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Builds a Flag from its parts.
    public init(version: HJ212Version, acknowledgementRequested: Bool, split: Bool) {
        let versionBits = version.bits & 0x3F
        rawValue = versionBits << 2 | (split ? 0b10 : 0) | (acknowledgementRequested ? 0b01 : 0)
    }

    /// Bit A: the sender wants a response or acknowledgement.
    public var acknowledgementRequested: Bool {
        rawValue & 0b01 != 0
    }

    /// Bit D: the packet is one part of a split upload and should carry PNUM/PNO.
    public var split: Bool {
        rawValue & 0b10 != 0
    }

    /// The six version bits V5..V0.
    public var versionBits: UInt8 {
        rawValue >> 2
    }

    /// The edition the version bits name.
    public var version: HJ212Version {
        HJ212Version(bits: versionBits)
    }
}
