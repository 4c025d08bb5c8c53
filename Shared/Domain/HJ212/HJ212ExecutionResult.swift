import Foundation

/// `ExeRtn`, the result code of a 9012 execution result (2017 table 6; 2005 defined 1, 2 and 100).
public enum HJ212ExecutionResult: Int, Sendable, CaseIterable, Codable {
    /// 1: executed successfully.
    case success = 1
    /// 2: failed, reason unknown.
    case failed = 2
    /// 3: the request's conditions were wrong.
    case conditionError = 3
    /// 4: communication timeout.
    case communicationTimeout = 4
    /// 5: system busy.
    case systemBusy = 5
    /// 6: system fault.
    case systemFault = 6
    /// 100: no data.
    case noData = 100
}
