/// Tokens for a local, single-machine run, so that a bare start has a usable API.
///
/// Every deployment sets `auth.tokens` (compose passes them as secrets); a service that falls
/// back to these says so in its log at start-up. The plain tokens are `dev-<department>`.
public enum DevelopmentTokens {
    /// The plain tokens, by department and role, as the README lists them.
    public static let plain: [(department: String, role: String, token: String)] = [
        ("bureau", "admin", "dev-bureau"),
        ("emergency", "operator", "dev-emergency"),
        ("transport", "viewer", "dev-transport"),
        ("police", "viewer", "dev-police"),
        ("health", "operator", "dev-health"),
        ("water", "operator", "dev-water"),
    ]

    /// The same tokens in the configured form, `department:role:sha256`.
    public static var hashed: [String] {
        plain.map { "\($0.department):\($0.role):\(TokenHash.hex(of: $0.token))" }
    }
}
