import Foundation

/// The header keys HJ 212 defines, in the 2017 order.
enum HJ212HeaderKey: Int, CaseIterable, Sendable {
    /// Request id.
    case qn
    /// System code.
    case st
    /// Command code.
    case cn
    /// Access password.
    case pw
    /// Device id.
    case mn
    /// Flag bits.
    case flag
    /// Total parts of a split upload.
    case pnum
    /// Part number of a split upload.
    case pno
    /// Command parameters (the data area).
    case cp

    /// The key exactly as the standard spells it.
    var spelling: String {
        switch self {
        case .qn: return "QN"
        case .st: return "ST"
        case .cn: return "CN"
        case .pw: return "PW"
        case .mn: return "MN"
        case .flag: return "Flag"
        case .pnum: return "PNUM"
        case .pno: return "PNO"
        case .cp: return "CP"
        }
    }

    private static let spellings: [(HJ212HeaderKey, [UInt8])] = allCases.map { ($0, Array($0.spelling.utf8)) }

    /// Identifies a key from its bytes; `caseMatched` is false when only a case-insensitive match was found.
    static func identify(_ bytes: UnsafeBufferPointer<UInt8>, allowingOtherCase: Bool) -> (
        key: HJ212HeaderKey, caseMatched: Bool
    )? {
        if let exact = identifyExactly(bytes) { return (exact, true) }
        guard allowingOtherCase else { return nil }
        for (key, spelling) in spellings where spelling.count == bytes.count {
            if zip(spelling, bytes).allSatisfy({ lowercased($0) == lowercased($1) }) { return (key, false) }
        }
        return nil
    }

    // A switch on length and bytes keeps the common, correctly spelled case free of loops.
    private static func identifyExactly(_ bytes: UnsafeBufferPointer<UInt8>) -> HJ212HeaderKey? {
        switch bytes.count {
        case 2:
            switch (bytes[0], bytes[1]) {
            case (UInt8(ascii: "Q"), UInt8(ascii: "N")): return .qn
            case (UInt8(ascii: "S"), UInt8(ascii: "T")): return .st
            case (UInt8(ascii: "C"), UInt8(ascii: "N")): return .cn
            case (UInt8(ascii: "P"), UInt8(ascii: "W")): return .pw
            case (UInt8(ascii: "M"), UInt8(ascii: "N")): return .mn
            case (UInt8(ascii: "C"), UInt8(ascii: "P")): return .cp
            default: return nil
            }
        case 3:
            return bytes.elementsEqual("PNO".utf8) ? .pno : nil
        case 4:
            if bytes.elementsEqual("Flag".utf8) { return .flag }
            return bytes.elementsEqual("PNUM".utf8) ? .pnum : nil
        default:
            return nil
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte + 32 : byte
    }
}
