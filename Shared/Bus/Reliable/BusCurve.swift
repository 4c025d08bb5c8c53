import CZeroMQ

/// Applies CURVE keys to bus sockets.
enum BusCurve {
    /// Makes `socket` a CURVE server with its key pair; clients are authorised by the ZAP handler
    /// for `domain`, which must already be running.
    static func makeServer(_ socket: ZMQSocket, security: BusSecurity, domain: String = "greenheart") throws {
        try socket.useCurveServer(secretKey: security.secretKey, zapDomain: domain)
    }

    /// Makes `socket` a CURVE client of the server whose public key is in `security.serverKey`.
    static func makeClient(_ socket: ZMQSocket, security: BusSecurity) throws {
        guard let serverKey = security.serverKey else {
            throw ZMQError(code: EINVAL, message: "a CURVE client needs the server's public key", operation: "curve")
        }
        try socket.setOption(ZMQ_CURVE_SERVERKEY, string: serverKey)
        try socket.setOption(ZMQ_CURVE_PUBLICKEY, string: security.publicKey)
        try socket.setOption(ZMQ_CURVE_SECRETKEY, string: security.secretKey)
    }
}
