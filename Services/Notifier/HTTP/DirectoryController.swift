import Foundation
import Hummingbird
import ServiceKit

/// `/v1/directory`: the whole directory, read and replaced by an admin; `/v1/channels/{id}/test`
/// queues a test message to one channel.
struct DirectoryController: Sendable {
    /// The store.
    let store: NotifierStore

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("v1/directory") { _, context in
            _ = try context.requireCaller(.admin)
            return try jsonResponse(try await store.directory())
        }
        router.put("v1/directory") { request, context in
            _ = try context.requireCaller(.admin)
            let directory = try await request.decodeBody(NotifierDirectory.self)
            if let problem = directory.problem() {
                throw Problem(status: .unprocessableContent, title: "invalid directory", detail: problem)
            }
            try await store.replaceDirectory(directory)
            return try jsonResponse(try await store.directory())
        }
        router.post("v1/channels/:id/test") { _, context in
            _ = try context.requireCaller(.admin)
            guard let id = context.parameters.get("id"), let delivery = try await store.enqueueTest(channelId: id)
            else {
                throw Problem(status: .notFound, title: "no such channel")
            }
            return try jsonResponse(delivery, status: .accepted)
        }
    }
}
