import CZeroMQ

/// A CURVE key pair in Z85 text (40 characters each), as ZeroMQ's `zmq_curve_keypair` makes it.
public struct CurveKeyPair: Sendable, Equatable {
    /// The public key, safe to share: servers put it on allow-lists, clients use it as server key.
    public var publicKey: String
    /// The secret key; never leaves the process or secret store that owns it.
    public var secretKey: String

    /// Makes a pair from known keys.
    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Generates a new random key pair with libzmq.
    public static func generate() throws -> CurveKeyPair {
        guard ZMQContext.hasCurve else {
            throw ZMQError(code: ENOTSUP, message: "libzmq was built without CURVE", operation: "zmq_curve_keypair")
        }
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else { throw ZMQError.last("zmq_curve_keypair") }
        return CurveKeyPair(publicKey: Self.string(publicKey), secretKey: Self.string(secretKey))
    }

    /// Derives the pair of a secret key (Z85); throws when the text is not a valid key.
    public init(secretKey: String) throws {
        guard Self.isValidKey(secretKey) else {
            throw ZMQError(code: EINVAL, message: "not a 40-character Z85 CURVE key", operation: "zmq_curve_public")
        }
        var publicKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicKey, secretKey) == 0 else { throw ZMQError.last("zmq_curve_public") }
        self.init(publicKey: Self.string(publicKey), secretKey: secretKey)
    }

    /// Whether `text` is a 40-character Z85 key.
    public static func isValidKey(_ text: String) -> Bool {
        text.utf8.count == 40 && text.utf8.allSatisfy { z85Alphabet.contains($0) }
    }

    /// The Z85 text of a 32-byte binary key (as ZAP hands CURVE client keys over), or nil.
    public static func z85(of key: [UInt8]) -> String? {
        guard key.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_z85_encode(&text, key, key.count) != nil else { return nil }
        return string(text)
    }

    private static let z85Alphabet = Set(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)

    private static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
