import Domain
import Logging

/// Resolves bearer tokens to callers from their stored hashes.
public struct TokenDirectory: Sendable {
    private let callers: [String: Caller]

    /// Parses entries of the form `department:role:sha256`; malformed entries are logged and skipped.
    public init(entries: [String], logger: Logger) {
        var callers: [String: Caller] = [:]
        for entry in entries {
            let parts = entry.split(separator: ":").map(String.init)
            guard parts.count == 3, let role = Caller.Role(rawValue: parts[1]), parts[2].count == 64 else {
                logger.error("ignoring malformed auth.tokens entry (want department:role:sha256)")
                continue
            }
            callers[parts[2].lowercased()] = Caller(department: parts[0], role: role)
        }
        self.callers = callers
    }

    /// The caller a plain bearer token stands for, if any.
    public func caller(forToken token: String) -> Caller? {
        callers[TokenHash.hex(of: token)]
    }
}
