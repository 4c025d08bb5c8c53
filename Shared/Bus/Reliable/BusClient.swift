import Domain

/// One entry of a publisher's allow-list: a department's CURVE public key and the topic prefixes
/// that department may receive.
///
/// Text form (configuration key `bus.curve.allow`): `department|publicKey|prefix;prefix`, e.g.
/// `transport|rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7|waste.manifest.;emergency.incident.`.
/// The prefix `*` allows every topic. Several entries may name the same department (one key per
/// host, say); their prefixes add up.
public struct BusClient: Sendable, Equatable {
    /// The department; the ZAP handler gives its name as the connection's `User-Id`.
    public var department: String
    /// The client's CURVE public key, Z85.
    public var publicKey: String
    /// Topic prefixes the department may subscribe to and replay (heartbeats are always allowed).
    public var prefixes: [String]

    /// Makes an entry.
    public init(department: String, publicKey: String, prefixes: [String]) {
        self.department = department
        self.publicKey = publicKey
        self.prefixes = prefixes
    }

    /// Parses `department|publicKey|prefix;prefix`; nil when a part is missing or the key is not Z85.
    public init?(parsing text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, CurveKeyPair.isValidKey(parts[1]) else { return nil }
        let prefixes = parts[2].split(separator: ";").map(String.init).filter { !$0.isEmpty }
        self.init(department: parts[0], publicKey: parts[1], prefixes: prefixes)
    }
}

/// Who may receive what from one publisher: the allow-list, applied at the publisher to live
/// subscriptions (XPUB manual mode) and to replay answers.
public struct BusAccessPolicy: Sendable {
    /// Prefix that allows every topic.
    public static let everything = "*"

    private let prefixesByDepartment: [String: [String]]
    /// The ZAP view of the list: client public key → department.
    public let departmentsByKey: [String: String]

    /// Makes the policy of `clients`.
    public init(clients: [BusClient]) {
        var prefixes: [String: [String]] = [:]
        var departments: [String: String] = [:]
        for client in clients {
            prefixes[client.department, default: []].append(contentsOf: client.prefixes)
            departments[client.publicKey] = client.department
        }
        prefixesByDepartment = prefixes
        departmentsByKey = departments
    }

    /// The prefixes `department` may receive (empty for an unknown department).
    public func prefixes(of department: String) -> [String] {
        prefixesByDepartment[department] ?? []
    }

    /// Whether `department` may subscribe to `prefix`: one of its prefixes must cover it (be a
    /// prefix of it), so a narrower subscription is fine and a wider one is refused whole.
    public func maySubscribe(department: String, to prefix: String) -> Bool {
        if prefix.hasPrefix(Topic.heartbeatPrefix) { return true }
        return prefixes(of: department).contains { $0 == Self.everything || prefix.hasPrefix($0) }
    }

    /// Whether `department` may receive an event on `topic`.
    public func mayReceive(department: String, topic: String) -> Bool {
        maySubscribe(department: department, to: topic)
    }
}
