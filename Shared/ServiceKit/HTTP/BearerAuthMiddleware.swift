import Hummingbird

/// Resolves `Authorization: Bearer <token>` to a caller for every request. Requests without a
/// token pass on with no caller (open endpoints stay open); a token that matches nothing is a 401.
public struct BearerAuthMiddleware: RouterMiddleware {
    public typealias Context = ServiceRequestContext

    private let directory: TokenDirectory

    /// Makes the middleware over `directory`.
    public init(directory: TokenDirectory) {
        self.directory = directory
    }

    /// Resolves the caller, then calls the next responder.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                let caller = directory.caller(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces))
            else {
                throw Problem(status: .unauthorized, title: "unknown or malformed bearer token")
            }
            context.caller = caller
        }
        return try await next(request, context)
    }
}
