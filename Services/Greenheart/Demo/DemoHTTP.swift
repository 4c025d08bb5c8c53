import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The JSON HTTP calls the demo makes to the services' public APIs.
struct DemoHTTP: Sendable {
    /// One answer.
    struct Reply: @unchecked Sendable {
        /// HTTP status (0: nothing answered).
        var status: Int
        /// The body parsed as JSON, or nil.
        var json: Any?
        /// The body as text, for messages.
        var text: String

        /// The body as a JSON array of objects (empty when it is not one).
        var objects: [[String: Any]] { json as? [[String: Any]] ?? [] }
        /// The body as a JSON object (empty when it is not one).
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    /// Sends `method` to `url` with `token` and an optional JSON body.
    func send(_ method: String, _ url: String, token: String?, body: Any? = nil) async throws -> Reply {
        guard let target = URL(string: url) else { throw DemoError("bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return Reply(
                status: (response as? HTTPURLResponse)?.statusCode ?? 0,
                json: try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
                text: String(decoding: data, as: UTF8.self))
        } catch {
            return Reply(status: 0, json: nil, text: "\(error)")
        }
    }

    /// GET, expecting 200.
    func get(_ url: String, token: String?) async throws -> Reply {
        let reply = try await send("GET", url, token: token)
        guard reply.status == 200 else { throw DemoError("GET \(url): HTTP \(reply.status) \(reply.text.prefix(300))") }
        return reply
    }

    /// A write, expecting one of `accepted`.
    @discardableResult
    func write(_ method: String, _ url: String, token: String, body: Any, accepted: Set<Int> = [200, 201]) async throws
        -> Reply
    {
        let reply = try await send(method, url, token: token, body: body)
        guard accepted.contains(reply.status) else {
            throw DemoError("\(method) \(url): HTTP \(reply.status) \(reply.text.prefix(300))")
        }
        return reply
    }
}
