import Foundation
import Hummingbird
import ServiceKit

/// `/v1/directory`: the whole directory, read by any caller and replaced by an admin.
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
    }
}
