import Domain

/// Who is calling, as the manifests service sees it: an enterprise acting in its own name, or a department.
///
/// Enterprise tokens use the department `enterprise.<USCC>` in `auth.tokens`
/// (`enterprise.91430200MA4L000001:operator:<sha256>`); every other department name is a department.
enum Party: Sendable, Equatable {
    /// An enterprise identified by its unified social credit code.
    case enterprise(String)
    /// The ecological-environment bureau: sees everything, administers the registry.
    case bureau
    /// Transport and police (and emergency): manifests in transit and anomalies.
    case roads(String)
    /// Health: medical waste.
    case health
    /// A department with no view of manifests.
    case other(String)

    /// The department prefix of enterprise tokens.
    static let enterprisePrefix = "enterprise."

    /// The party behind a caller.
    init(_ caller: Caller) {
        let department = caller.department
        if department.hasPrefix(Self.enterprisePrefix) {
            self = .enterprise(String(department.dropFirst(Self.enterprisePrefix.count)))
            return
        }
        switch department {
        case "bureau": self = .bureau
        case "transport", "police", "emergency": self = .roads(department)
        case "health": self = .health
        default: self = .other(department)
        }
    }

    /// The name written in audit entries.
    var auditName: String {
        switch self {
        case .enterprise(let uscc): Self.enterprisePrefix + uscc
        case .bureau: "bureau"
        case .roads(let name), .other(let name): name
        case .health: "health"
        }
    }
}
