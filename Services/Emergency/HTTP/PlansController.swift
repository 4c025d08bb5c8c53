import Foundation
import Hummingbird
import ServiceKit

/// `/v1/plans…` (response plans as data) and `/v1/water-sources…` (population served per source).
struct PlansController: Sendable {
    /// The store.
    let store: EmergencyStore

    /// Body of a water source.
    struct WaterSourceInput: Decodable, Sendable {
        /// Its name.
        var name: String
        /// Population served.
        var population: Int
        /// County code.
        var county: String?
    }

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("v1/plans") { _, context in
            _ = try context.requireCaller()
            return try jsonResponse(try await store.plans())
        }
        router.put("v1/plans/:type") { request, context in
            _ = try context.requireCaller(.admin)
            let plan = try await request.decodeBody(ResponsePlan.self)
            guard plan.type == context.parameters.get("type") else {
                throw Problem(status: .badRequest, title: "the plan's type must match the path")
            }
            return try jsonResponse(try await store.savePlan(plan))
        }
        router.get("v1/water-sources") { _, context in
            _ = try context.requireCaller()
            return try jsonResponse(try await store.waterSources())
        }
        router.put("v1/water-sources/:id") { request, context in
            let caller = try context.requireCaller(.operator_)
            guard caller.role == .admin || caller.department == "water" else {
                throw Problem(status: .forbidden, title: "only the bureau or the water department set sources")
            }
            let input = try await request.decodeBody(WaterSourceInput.self)
            let id = context.parameters.get("id") ?? ""
            return try jsonResponse(
                try await store.saveWaterSource(
                    id: id, name: input.name, population: input.population, county: input.county))
        }
    }
}
