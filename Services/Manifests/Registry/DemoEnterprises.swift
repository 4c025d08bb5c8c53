import ServiceKit

/// Local demo enterprises and their development tokens, for a bare single-machine run.
///
/// Enterprise tokens name the department `enterprise.<USCC>`; the demo tokens are
/// `dev-consignor`, `dev-carrier` and `dev-receiver` (operator role). They are accepted only
/// when `auth.tokens` is not set; the enterprises themselves are registered by the bureau as usual.
enum DemoEnterprises {
    /// The demo consignor's code.
    static let consignor = USCC.completing("91430200MA4L00001") ?? ""
    /// The demo carrier's code.
    static let carrier = USCC.completing("91430200MA4L00002") ?? ""
    /// The demo receiver's code.
    static let receiver = USCC.completing("91430200MA4L00003") ?? ""

    /// The plain tokens, by enterprise code.
    static var plain: [(uscc: String, token: String)] {
        [
            (consignor, "dev-consignor"),
            (carrier, "dev-carrier"),
            (receiver, "dev-receiver"),
        ]
    }

    /// The same in the `auth.tokens` form.
    static var hashedTokens: [String] {
        plain.map { "\(Party.enterprisePrefix)\($0.uscc):operator:\(TokenHash.hex(of: $0.token))" }
    }
}
