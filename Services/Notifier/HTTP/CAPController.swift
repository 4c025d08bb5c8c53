import Foundation
import Hummingbird
import ServiceKit

/// `/v1/cap/feed` (Atom feed of the CAP alerts) and `/v1/cap/{id}` (one CAP 1.2 document).
struct CAPController: Sendable {
    /// The store.
    let store: NotifierStore

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("v1/cap/feed") { _, context in
            _ = try context.requireCaller()
            let feed = CAPWriter.feed(
                try await store.capAlerts(), updated: store.now(), baseURL: store.links.publicBaseURL)
            return Self.xml(feed, contentType: "application/atom+xml; charset=utf-8")
        }
        router.get("v1/cap/:id") { _, context in
            _ = try context.requireCaller()
            guard let id = context.parameters.get("id"), let alert = try await store.capAlert(id) else {
                throw Problem(status: .notFound, title: "no such CAP alert")
            }
            return Self.xml(alert.xml, contentType: "application/cap+xml; charset=utf-8")
        }
    }

    /// An XML response.
    static func xml(_ text: String, contentType: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
