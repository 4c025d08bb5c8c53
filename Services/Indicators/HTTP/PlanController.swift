import Domain
import Foundation
import Hummingbird
import ServiceKit

/// A target change.
struct TargetInput: Codable, Sendable {
    /// The new target, exact decimal text, or nil to remove it.
    var target: String?
    /// Why (kept with who and when).
    var reason: String
}

/// An entered value.
struct ValueInput: Codable, Sendable {
    /// The period, e.g. `2025` or `2026-03`.
    var period: String
    /// The value, exact decimal text.
    var value: String
    /// The source document (e.g. a bulletin's number).
    var sourceDocument: String?
}

/// The history of an indicator.
struct PlanHistory: Codable, Sendable {
    /// Entered values, oldest first.
    var values: [PlanValueEntry]
    /// Target edits, oldest first.
    var targetEdits: [PlanTargetEdit]
    /// Yearly values the system computed (#9, #10, #17, #18), oldest first.
    var computed: [ComputedValue]
}

/// `/v1/plan/indicators…`: the plan's 28 indicators, their values, targets and history.
struct PlanController: Sendable {
    /// The store.
    let store: IndicatorsStore
    /// The clock.
    let now: @Sendable () -> Date

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("v1/plan/indicators") { _, context in
            _ = try context.requireCaller()
            return try jsonResponse(try await store.planIndicators(now: now()))
        }
        router.get("v1/plan/indicators/:number") { _, context in
            _ = try context.requireCaller()
            let number = try number(context)
            guard let view = try await store.planIndicators(now: now()).first(where: { $0.indicator.number == number })
            else {
                throw Problem(status: .notFound, title: "no indicator #\(number)")
            }
            return try jsonResponse(view)
        }
        router.get("v1/plan/indicators/:number/history") { _, context in
            _ = try context.requireCaller()
            let number = try number(context)
            guard let history = try await store.planHistory(number: number) else {
                throw Problem(status: .notFound, title: "no indicator #\(number)")
            }
            return try jsonResponse(
                PlanHistory(values: history.values, targetEdits: history.edits, computed: history.computed))
        }
        router.put("v1/plan/indicators/:number/target") { request, context in
            let caller = try context.requireCaller(.admin)
            let number = try number(context)
            let input = try await request.decodeBody(TargetInput.self)
            if let target = input.target, DecimalText.parse(target) == nil {
                throw Problem(status: .badRequest, title: "target must be exact decimal text")
            }
            guard !input.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Problem(status: .badRequest, title: "a reason is required")
            }
            guard
                try await store.editTarget(
                    number: number, target: input.target, reason: input.reason, by: caller.department, now: now())
            else { throw Problem(status: .notFound, title: "no indicator #\(number)") }
            return try jsonResponse(try await store.planHistory(number: number)?.edits.last)
        }
        router.post("v1/plan/indicators/:number/values") { request, context in
            let caller = try context.requireCaller(.operator_)
            let number = try number(context)
            let input = try await request.decodeBody(ValueInput.self)
            guard DecimalText.parse(input.value) != nil, !input.period.isEmpty, input.period.count <= 16 else {
                throw Problem(status: .badRequest, title: "value must be exact decimal text and period non-empty")
            }
            guard
                try await store.enterPlanValue(
                    number: number, period: input.period, value: input.value, sourceDocument: input.sourceDocument,
                    by: caller.department, now: now())
            else { throw Problem(status: .notFound, title: "no indicator #\(number)") }
            return try jsonResponse(try await store.planHistory(number: number)?.values.last, status: .created)
        }
    }

    private func number(_ context: ServiceRequestContext) throws -> Int {
        guard let number = Int(try context.parameters.require("number")) else {
            throw Problem(status: .badRequest, title: "indicator number must be an integer")
        }
        return number
    }
}
