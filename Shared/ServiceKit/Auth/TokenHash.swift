import Crypto
import Foundation

/// The one way tokens are hashed for storage: SHA-256, lower-case hex.
public enum TokenHash {
    /// The hex SHA-256 of `token`'s UTF-8 bytes.
    public static func hex(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
