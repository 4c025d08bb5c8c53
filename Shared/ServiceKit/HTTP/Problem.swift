import Foundation
import HTTPTypes
import Hummingbird

/// An API error as an RFC 9457 problem document (`application/problem+json`).
public struct Problem: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A short, human-readable summary.
    public var title: String
    /// Specifics of this occurrence.
    public var detail: String?
    /// Per-item errors, e.g. one per bad row of a batch.
    public var errors: [String: String]?

    /// Makes a problem.
    public init(status: HTTPResponse.Status, title: String, detail: String? = nil, errors: [String: String]? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    private struct Body: Encodable {
        var type = "about:blank"
        var title: String
        var status: Int
        var detail: String?
        var errors: [String: String]?
    }

    /// Renders the problem document.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(title: title, status: status.code, detail: detail, errors: errors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}
