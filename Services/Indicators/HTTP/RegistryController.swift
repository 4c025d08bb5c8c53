import Domain
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/stations…` (the registry learned from events; edits and permit limits by admins) and `/v1/rules…`.
struct RegistryController: Sendable {
    /// The store.
    let store: IndicatorsStore
    /// The clock.
    let now: @Sendable () -> Date

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("v1/stations") { _, context in
            _ = try context.requireCaller()
            return try jsonResponse(try await store.stations())
        }
        router.get("v1/stations/:mn") { _, context in
            _ = try context.requireCaller()
            let mn = try context.parameters.require("mn")
            guard let station = try await store.stations(mn: mn).first else {
                throw Problem(status: .notFound, title: "no station '\(mn)'")
            }
            return try jsonResponse(station)
        }
        router.patch("v1/stations/:mn") { request, context in
            _ = try context.requireCaller(.admin)
            let mn = try context.parameters.require("mn")
            let patch = try await request.decodeBody(StationPatch.self)
            guard try await store.patchStation(mn, patch, now: now()),
                let station = try await store.stations(mn: mn).first
            else {
                throw Problem(status: .notFound, title: "no station '\(mn)'")
            }
            return try jsonResponse(station)
        }
        router.put("v1/stations/:mn/limits/:factor") { request, context in
            let caller = try context.requireCaller(.admin)
            let mn = try context.parameters.require("mn")
            let factor = try context.parameters.require("factor")
            let input = try await request.decodeBody(PermitLimitInput.self)
            guard try await store.setPermitLimit(station: mn, factor: factor, input, by: caller.department, now: now()),
                let station = try await store.stations(mn: mn).first
            else { throw Problem(status: .notFound, title: "no station '\(mn)'") }
            return try jsonResponse(station)
        }
        router.get("v1/stations/:mn/completeness") { request, context in
            _ = try context.requireCaller()
            let mn = try context.parameters.require("mn")
            let today = ChinaLocalDate(containing: now()).description
            let to = try QueryBound.date(request.uri.queryParameters.get("to")) ?? today
            let from = try QueryBound.date(request.uri.queryParameters.get("from")) ?? to
            return try jsonResponse(try await store.completeness(station: mn, from: from, to: to))
        }

        router.get("v1/rules") { _, context in
            _ = try context.requireCaller()
            return try jsonResponse(try await store.rules())
        }
        router.get("v1/rules/:id") { _, context in
            _ = try context.requireCaller()
            let id = try context.parameters.require("id")
            guard let rule = try await store.rule(id) else {
                throw Problem(status: .notFound, title: "no rule '\(id)'")
            }
            return try jsonResponse(rule)
        }
        router.post("v1/rules") { request, context in
            let caller = try context.requireCaller(.admin)
            let input = try await request.decodeBody(RuleInput.self)
            let rule = try IndicatorsStore.makeRule(
                id: input.id ?? UUID().uuidString.lowercased(), input, by: caller.department, now: now())
            guard try await store.createRule(rule) else {
                throw Problem(status: .conflict, title: "rule '\(rule.id)' exists")
            }
            return try jsonResponse(rule, status: .created)
        }
        router.put("v1/rules/:id") { request, context in
            let caller = try context.requireCaller(.admin)
            let id = try context.parameters.require("id")
            let input = try await request.decodeBody(RuleInput.self)
            let rule = try IndicatorsStore.makeRule(id: id, input, by: caller.department, now: now())
            guard try await store.replaceRule(rule) else { throw Problem(status: .notFound, title: "no rule '\(id)'") }
            return try jsonResponse(rule)
        }
        router.delete("v1/rules/:id") { _, context in
            _ = try context.requireCaller(.admin)
            let id = try context.parameters.require("id")
            guard try await store.deleteRule(id) else { throw Problem(status: .notFound, title: "no rule '\(id)'") }
            return Response(status: .noContent)
        }
    }
}
