import Foundation

/// How the encoder frames a data segment; the default is the standard form, the rest exist for simulating faulty devices.
public struct HJ212FrameStyle: Sendable, Hashable {
    /// What follows the CRC.
    public enum Tail: String, Sendable, Hashable, CaseIterable {
        /// CR LF, as the standard requires.
        case crlf
        /// LF only.
        case lfOnly
        /// Nothing.
        case none
    }

    /// The CRC algorithm to write.
    public var crcAlgorithm: HJ212CRC.Algorithm
    /// Upper-case hex digits (standard) or lower case.
    public var uppercaseHex: Bool
    /// The tail after the CRC.
    public var tail: Tail
    /// A length to declare instead of the true one (fault injection); nil declares the true length.
    public var declaredLengthOverride: Int?

    /// Creates a style.
    public init(
        crcAlgorithm: HJ212CRC.Algorithm = .standard, uppercaseHex: Bool = true, tail: Tail = .crlf,
        declaredLengthOverride: Int? = nil
    ) {
        self.crcAlgorithm = crcAlgorithm
        self.uppercaseHex = uppercaseHex
        self.tail = tail
        self.declaredLengthOverride = declaredLengthOverride
    }

    /// The standard framing: HJ 212 CRC in upper-case hex, CR LF tail, true length.
    public static let standard = HJ212FrameStyle()
}
