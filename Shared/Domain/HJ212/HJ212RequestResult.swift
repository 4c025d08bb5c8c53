import Foundation

/// `QnRtn`, the answer code of a 9011 request answer (2017 table 7; 2005 defined only 1–3).
public enum HJ212RequestResult: Int, Sendable, CaseIterable, Codable {
    /// 1: ready to execute the request.
    case readyToExecute = 1
    /// 2: request rejected.
    case rejected = 2
    /// 3: wrong PW.
    case passwordError = 3
    /// 4: wrong MN.
    case mnError = 4
    /// 5: wrong ST.
    case stError = 5
    /// 6: wrong Flag.
    case flagError = 6
    /// 7: wrong QN.
    case qnError = 7
    /// 8: wrong CN.
    case cnError = 8
    /// 9: CRC check failed.
    case crcError = 9
    /// 100: unknown error.
    case unknownError = 100
}
