import CZeroMQ

/// Applies CURVE keys to bus sockets.
enum BusCurve {
    /// Makes `socket` a CURVE server with its key pair; clients are authorised by the ZAP handler.
    static func makeServer(_ socket: ZMQSocket, security: BusSecurity) throws {
        try socket.setOption(ZMQ_CURVE_SERVER, 1)
        try socket.setOption(ZMQ_CURVE_SECRETKEY, string: security.secretKey)
        try socket.setOption(ZMQ_ZAP_DOMAIN, string: "greenheart")
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
