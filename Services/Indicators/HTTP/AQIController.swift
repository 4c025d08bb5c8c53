import Domain
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/aqi` (a station's hourly or daily AQI), `/v1/aqi/city`, `/v1/water/sections/{id}`, `/v1/statistics/year`, `/v1/breaches`.
struct AQIController: Sendable {
    /// The store.
    let store: IndicatorsStore
    /// The clock.
    let now: @Sendable () -> Date

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("v1/aqi") { request, context in
            _ = try context.requireCaller()
            guard let station = request.uri.queryParameters.get("station"), !station.isEmpty else {
                throw Problem(status: .badRequest, title: "query parameter 'station' is required")
            }
            return try jsonResponse(try await aqi(scope: station, request))
        }
        router.get("v1/aqi/city") { request, context in
            _ = try context.requireCaller()
            if let city = request.uri.queryParameters.get("city"), city != store.cityCode {
                throw Problem(status: .notFound, title: "this service computes city '\(store.cityCode)' only")
            }
            return try jsonResponse(try await aqi(scope: store.cityScope, request))
        }
        router.get("v1/water/sections/:id") { request, context in
            _ = try context.requireCaller()
            let id = try context.parameters.require("id")
            let today = ChinaLocalDate(containing: now())
            let month = request.uri.queryParameters.get("month") ?? String(format: "%04d-%02d", today.year, today.month)
            let result = try await store.writer.read { db in try store.sectionMonth(id, month: month, db: db) }
            guard let result else {
                throw Problem(
                    status: .notFound, title: "no water section '\(id)' (or bad month '\(month)', want YYYY-MM)")
            }
            return try jsonResponse(result)
        }
        router.get("v1/statistics/year") { request, context in
            _ = try context.requireCaller()
            let query = request.uri.queryParameters
            let scope = query.get("station") ?? store.cityScope
            let year = query.get("year").flatMap { Int($0) } ?? ChinaLocalDate(containing: now()).year
            guard (2000...2100).contains(year) else {
                throw Problem(status: .badRequest, title: "year must be 2000…2100")
            }
            return try jsonResponse(try await store.yearToDate(scope: scope, year: year))
        }
        router.get("v1/breaches") { request, context in
            _ = try context.requireCaller()
            let open = request.uri.queryParameters.get("open") == "true"
            return try jsonResponse(try await store.breaches(openOnly: open))
        }
    }

    /// The hourly or daily AQI of a scope over `from`…`to` (default: the last 24 hours / 30 days).
    private func aqi(scope: String, _ request: Request) async throws -> [AQIEntry] {
        let query = request.uri.queryParameters
        let report = query.get("report") ?? "hourly"
        switch report {
        case "hourly":
            let to = try QueryBound.instant(query.get("to"), endOfDay: true) ?? now()
            let from = try QueryBound.instant(query.get("from"), endOfDay: false) ?? to.addingTimeInterval(-86_400)
            return try await store.hourlyAQI(scope: scope, from: from, to: to)
        case "daily":
            let to = try QueryBound.date(query.get("to")) ?? ChinaLocalDate(containing: now()).description
            let from =
                try QueryBound.date(query.get("from"))
                ?? ChinaLocalDate(containing: now().addingTimeInterval(-30 * 86_400)).description
            return try await store.dailyAQI(scope: scope, from: from, to: to)
        default:
            throw Problem(status: .badRequest, title: "report must be hourly or daily")
        }
    }
}
