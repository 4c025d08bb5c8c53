import Foundation

/// Leniency switches an operator may turn on for known real-world faults; the empty set is strict HJ 212.
///
/// A decoded message reports in `HJ212Message.leniencies` which of these were actually needed to accept it.
public struct HJ212Options: OptionSet, Sendable, Hashable {
    /// The raw bit pattern.
    public let rawValue: UInt32

    /// Creates a set from its raw bit pattern.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Accept a CRC computed with plain CRC-16/MODBUS instead of the HJ 212 algorithm.
    public static let modbusCRC = HJ212Options(rawValue: 1 << 0)
    /// Accept a frame whose CR LF tail is absent (length and CRC must still check out).
    public static let missingTail = HJ212Options(rawValue: 1 << 1)
    /// Accept a frame that ends in LF only instead of CR LF.
    public static let lfOnlyTail = HJ212Options(rawValue: 1 << 2)
    /// Accept a declared data length above 1024 and a CP part above 950 (2005: 960) bytes.
    public static let oversize = HJ212Options(rawValue: 1 << 3)
    /// When the declared length is wrong, find the frame end by its `&&CCCC` CR LF ending and a matching CRC.
    public static let lengthMismatch = HJ212Options(rawValue: 1 << 4)
    /// Accept header keys in the wrong letter case, such as `FLAG=0` or `qn=`.
    public static let keyCase = HJ212Options(rawValue: 1 << 5)
    /// Accept spaces around header keys and values, such as `; ST = 32`.
    public static let strayWhitespace = HJ212Options(rawValue: 1 << 6)
    /// Accept a stray `,` (or an empty item) between header fields, such as `PW=123456,MN=…` or `;,ST=`.
    public static let strayComma = HJ212Options(rawValue: 1 << 7)
    /// Accept a QN that is all digits but not 17 long (14-digit and 32-digit variants occur).
    public static let nonStandardQN = HJ212Options(rawValue: 1 << 8)
    /// Accept an ST that is not two characters of 0-9/A-Z (ST=101 occurs).
    public static let nonStandardST = HJ212Options(rawValue: 1 << 9)
    /// Accept a Flag D bit that disagrees with the presence of PNUM/PNO.
    public static let splitMismatch = HJ212Options(rawValue: 1 << 10)
    /// Keep unknown header keys (as `HJ212Message.extraHeaderFields`) instead of refusing the packet.
    public static let unknownHeaderField = HJ212Options(rawValue: 1 << 11)

    /// Every leniency switched on.
    public static let all: HJ212Options = HJ212Options(allNamed.map(\.option))

    /// Each single leniency with its stable machine name, for counters and configuration files.
    public static let allNamed: [(name: String, option: HJ212Options)] = [
        ("modbus_crc", .modbusCRC),
        ("missing_tail", .missingTail),
        ("lf_only_tail", .lfOnlyTail),
        ("oversize", .oversize),
        ("length_mismatch", .lengthMismatch),
        ("key_case", .keyCase),
        ("stray_whitespace", .strayWhitespace),
        ("stray_comma", .strayComma),
        ("nonstandard_qn", .nonStandardQN),
        ("nonstandard_st", .nonStandardST),
        ("split_mismatch", .splitMismatch),
        ("unknown_header_field", .unknownHeaderField),
    ]

    /// The stable machine names of the leniencies in this set, in declaration order.
    public var names: [String] {
        Self.allNamed.filter { contains($0.option) }.map(\.name)
    }

    /// Builds a set from stable machine names; nil if any name is unknown.
    public init?(names: [String]) {
        var result = HJ212Options()
        for name in names {
            guard let match = Self.allNamed.first(where: { $0.name == name }) else { return nil }
            result.insert(match.option)
        }
        self = result
    }
}
