import Foundation
import Hummingbird
import ServiceKit

/// `/v1/deliveries…`: the delivery log with filters, one delivery with its attempts, and the
/// operator's retry of a dead letter.
struct DeliveriesController: Sendable {
    /// The store.
    let store: NotifierStore

    /// A delivery with its attempts, as the API returns it.
    struct Detail: Codable, Sendable {
        /// The delivery.
        var delivery: Delivery
        /// Its attempts, oldest first.
        var attempts: [DeliveryAttempt]
    }

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        let deliveries = router.group("v1/deliveries")
        deliveries.get { request, context in
            _ = try context.requireCaller(.admin)
            let query = request.uri.queryParameters
            var filter = DeliveryFilter()
            if let state = query.get("state") {
                guard let value = Delivery.State(rawValue: state) else {
                    throw Problem(status: .badRequest, title: "state must be pending, delivered or dead")
                }
                filter.state = value
            }
            filter.department = query.get("department")
            if let incident = query.get("incident") {
                guard let value = Int64(incident) else {
                    throw Problem(status: .badRequest, title: "incident must be an integer")
                }
                filter.incidentId = value
            }
            if let limit = query.get("limit") {
                guard let value = Int(limit), value > 0 else {
                    throw Problem(status: .badRequest, title: "limit must be a positive integer")
                }
                filter.limit = value
            }
            return try jsonResponse(try await store.deliveries(filter))
        }
        deliveries.get(":id") { _, context in
            _ = try context.requireCaller(.admin)
            let id = try Self.id(context)
            guard let delivery = try await store.delivery(id) else {
                throw Problem(status: .notFound, title: "no delivery \(id)")
            }
            return try jsonResponse(Detail(delivery: delivery, attempts: try await store.attempts(ofDelivery: id)))
        }
        deliveries.post(":id/retry") { _, context in
            _ = try context.requireCaller(.admin)
            let id = try Self.id(context)
            guard let delivery = try await store.retryDeadLetter(id) else {
                throw Problem(status: .conflict, title: "delivery \(id) is not a dead letter")
            }
            return try jsonResponse(delivery, status: .accepted)
        }
    }

    /// The `id` path parameter, or a 400 problem.
    static func id(_ context: ServiceRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw Problem(status: .badRequest, title: "delivery id must be a positive integer")
        }
        return id
    }
}
