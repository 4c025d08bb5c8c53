import Domain
import Hummingbird

/// The request context of every service: Hummingbird's core storage plus the resolved caller.
public struct ServiceRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The department and role behind the bearer token, once the auth middleware resolved it.
    public var caller: Caller?

    /// Makes a context for a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
        caller = nil
    }

    /// The caller, or a 401 problem when the request carried no valid token.
    public func requireCaller() throws -> Caller {
        guard let caller else { throw Problem(status: .unauthorized, title: "a valid bearer token is required") }
        return caller
    }

    /// The caller when it has at least `role`, else a 403 problem.
    public func requireCaller(_ role: Caller.Role) throws -> Caller {
        let caller = try requireCaller()
        guard caller.has(role) else {
            throw Problem(
                status: .forbidden, title: "role '\(role.rawValue)' required",
                detail: "the token of '\(caller.department)' has role '\(caller.role.rawValue)'")
        }
        return caller
    }
}
