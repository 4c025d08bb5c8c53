/// Who is calling an API: a department acting in a role.
public struct Caller: Sendable, Equatable, Codable {
    /// What a caller may do.
    public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
        /// Reads what its department may see.
        case viewer
        /// Also acts: acknowledges, signs, enters data.
        case operator_ = "operator"
        /// Also administers: registries, rules, directory, dead letters.
        case admin

        private var rank: Int {
            switch self {
            case .viewer: 0
            case .operator_: 1
            case .admin: 2
            }
        }

        public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
    }

    /// The department (or enterprise) the token belongs to, e.g. `bureau`, `transport`.
    public var department: String
    /// The role the token grants.
    public var role: Role

    /// Makes a caller.
    public init(department: String, role: Role) {
        self.department = department
        self.role = role
    }

    /// Whether the caller has at least `role`.
    public func has(_ role: Role) -> Bool { self.role >= role }
}
