import CZeroMQ

extension ZMQSocket {
    /// `ZMQ_ZAP_ENFORCE_DOMAIN`: stable in libzmq 4.3 but declared only under the draft API.
    static let zapEnforceDomain: Int32 = 93

    /// Makes this socket a CURVE server with `secretKey`, whose clients the context's ZAP handler
    /// authorises in `zapDomain`; call before `bind`. The domain is enforced, so without a running
    /// ZAP handler every client is refused rather than every client admitted.
    public func useCurveServer(secretKey: String, zapDomain: String) throws {
        try setOption(ZMQ_CURVE_SERVER, 1)
        try setOption(ZMQ_CURVE_SECRETKEY, string: secretKey)
        try setOption(ZMQ_ZAP_DOMAIN, string: zapDomain)
        try setOption(Self.zapEnforceDomain, 1)
    }

    /// Makes this socket a CURVE client of the server whose public key is `serverKey`, with its own
    /// `keyPair`; call before `connect`. For any socket talking to a secured Greenheart publisher.
    public func useCurveClient(serverKey: String, keyPair: CurveKeyPair) throws {
        try setOption(ZMQ_CURVE_SERVERKEY, string: serverKey)
        try setOption(ZMQ_CURVE_PUBLICKEY, string: keyPair.publicKey)
        try setOption(ZMQ_CURVE_SECRETKEY, string: keyPair.secretKey)
    }
}
