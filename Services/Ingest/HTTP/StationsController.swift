import Domain
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/stations`: the station registry. Reading needs a token; writing needs the admin role.
struct StationsController: Sendable {
    /// The store.
    let store: IngestStore
    /// The open device connections (for status).
    let connections: ConnectionRegistry

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        let group = router.group("v1/stations")
        group.get { _, context in
            _ = try context.requireCaller()
            return try jsonResponse(try await store.stations().map(StationView.init))
        }
        group.get(":mn") { _, context in
            _ = try context.requireCaller()
            let mn = try context.parameters.require("mn")
            guard let station = try await store.station(mn: mn) else { throw Self.notFound(mn) }
            return try jsonResponse(StationView(station))
        }
        group.post { request, context in
            _ = try context.requireCaller(.admin)
            let input = try await Self.decode(request, context: context)
            guard let mn = input.mn else {
                throw Problem(status: .badRequest, title: "invalid station", detail: "mn is required")
            }
            let station = try Self.check { () throws(StationInputError) in
                try input.station(mn: mn, existing: nil, now: Date())
            }
            do {
                try await store.createStation(station)
            } catch RegistryError.duplicate {
                throw Problem(status: .conflict, title: "station \(mn) already exists")
            }
            return try jsonResponse(StationView(station), status: .created)
        }
        group.put(":mn") { request, context in
            _ = try context.requireCaller(.admin)
            let mn = try context.parameters.require("mn")
            let input = try await Self.decode(request, context: context)
            do {
                let updated = try await store.updateStation(mn: mn) { existing in
                    try Self.check { () throws(StationInputError) in
                        try input.station(mn: mn, existing: existing, now: Date())
                    }
                }
                return try jsonResponse(StationView(updated))
            } catch RegistryError.notFound {
                throw Self.notFound(mn)
            }
        }
        group.delete(":mn") { _, context in
            _ = try context.requireCaller(.admin)
            let mn = try context.parameters.require("mn")
            do {
                try await store.deleteStation(mn: mn)
            } catch RegistryError.notFound {
                throw Self.notFound(mn)
            }
            return Response(status: .noContent)
        }
        group.get(":mn/status") { _, context in
            _ = try context.requireCaller()
            let mn = try context.parameters.require("mn")
            guard
                let status = try await store.status(
                    mn: mn, connections: connections.connectionCount(of: mn), now: Date())
            else { throw Self.notFound(mn) }
            return try jsonResponse(status)
        }
    }

    private static func notFound(_ mn: String) -> Problem {
        Problem(status: .notFound, title: "no station \(mn)")
    }

    private static func decode(_ request: Request, context: ServiceRequestContext) async throws -> StationInput {
        do {
            return try await request.decode(as: StationInput.self, context: context)
        } catch {
            throw Problem(
                status: .badRequest, title: "invalid station", detail: "the body is not a station object: \(error)")
        }
    }

    private static func check(_ body: () throws(StationInputError) -> Station) throws -> Station {
        do {
            return try body()
        } catch {
            throw Problem(status: .badRequest, title: "invalid station", detail: error.message)
        }
    }
}
