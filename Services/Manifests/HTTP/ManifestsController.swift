import Foundation
import Hummingbird
import ServiceKit

/// `/v1/manifests…`: drafts, signatures, corrections, search and CSV export.
struct ManifestsController: Sendable {
    /// The store.
    let store: ManifestsStore
    /// The clock.
    let now: @Sendable () -> Date

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        let manifests = router.group("v1/manifests")
        manifests.post { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(DraftInput.self)
            let (summary, created) = try await store.createDraft(input, caller: caller, now: now())
            return try jsonResponse(summary, status: created ? .created : .ok)
        }
        manifests.get { request, context in
            let caller = try context.requireCaller()
            let query = try Self.query(request.uri.queryParameters)
            let rows = try await store.search(query, caller: caller)
            let wantsCSV =
                request.uri.queryParameters.get("format") == "csv"
                || (request.headers[.accept]?.contains("text/csv") ?? false)
            return wantsCSV ? Self.csv(rows) : try jsonResponse(rows)
        }
        manifests.get(":number") { _, context in
            let caller = try context.requireCaller()
            return try jsonResponse(
                try await store.detail(number: try context.parameters.require("number"), caller: caller))
        }
        manifests.put(":number") { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(DraftInput.self)
            let number = try context.parameters.require("number")
            return try jsonResponse(try await store.updateDraft(number: number, input, caller: caller, now: now()))
        }
        manifests.post(":number/submit") { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(SignInput.self)
            let number = try context.parameters.require("number")
            return try jsonResponse(try await store.submit(number: number, input, caller: caller, now: now()))
        }
        manifests.post(":number/cancel") { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(CancelInput.self)
            let number = try context.parameters.require("number")
            return try jsonResponse(try await store.cancel(number: number, input, caller: caller, now: now()))
        }
        manifests.post(":number/pickup") { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(PickupInput.self)
            let number = try context.parameters.require("number")
            return try jsonResponse(try await store.pickUp(number: number, input, caller: caller, now: now()))
        }
        manifests.post(":number/receive") { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(ReceiveInput.self)
            let number = try context.parameters.require("number")
            return try jsonResponse(try await store.receive(number: number, input, caller: caller, now: now()))
        }
        manifests.post(":number/reject") { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(RejectInput.self)
            let number = try context.parameters.require("number")
            return try jsonResponse(try await store.reject(number: number, input, caller: caller, now: now()))
        }
        manifests.post(":number/complete") { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(CompleteInput.self)
            let number = try context.parameters.require("number")
            return try jsonResponse(try await store.complete(number: number, input, caller: caller, now: now()))
        }
        manifests.post(":number/corrections") { request, context in
            let caller = try context.requireCaller()
            let input = try await request.decodeJSON(CorrectionInput.self)
            let number = try context.parameters.require("number")
            return try jsonResponse(
                try await store.correct(number: number, input, caller: caller, now: now()), status: .created)
        }

        let anomalies = router.group("v1/anomalies")
        anomalies.get { request, context in
            let caller = try context.requireCaller()
            let parameters = request.uri.queryParameters
            let open = parameters.get("open").map { $0 == "true" }
            var kind: AnomalyKind? = nil
            if let text = parameters.get("kind") {
                guard let parsed = AnomalyKind(rawValue: text) else {
                    throw Problem(status: .badRequest, title: "unknown anomaly kind '\(text)'")
                }
                kind = parsed
            }
            return try jsonResponse(try await store.anomalies(open: open, kind: kind, caller: caller))
        }
        anomalies.post(":id/resolve") { request, context in
            let caller = try context.requireCaller(.operator_)
            guard Party(caller) == .bureau else {
                throw Problem(status: .forbidden, title: "anomalies are resolved by the bureau")
            }
            let id = try context.parameters.require("id", as: Int64.self)
            let input = try await request.decodeJSON(ResolveInput.self)
            return try jsonResponse(
                try await store.resolveAnomaly(id: id, note: input.note, caller: caller, now: now()))
        }
    }

    /// Reads the search parameters, refusing malformed ones with a 400.
    static func query(_ parameters: Hummingbird.Parameters) throws -> ManifestQuery {
        var query = ManifestQuery()
        query.party = parameters.get("party")
        query.consignor = parameters.get("consignor")
        query.carrier = parameters.get("carrier")
        query.receiver = parameters.get("receiver")
        query.code = parameters.get("code")
        query.county = parameters.get("county")
        if let text = parameters.get("state") {
            guard let state = ManifestState(rawValue: text) else {
                throw Problem(
                    status: .badRequest, title: "unknown state '\(text)'",
                    detail: "one of " + ManifestState.allCases.map(\.rawValue).joined(separator: ", "))
            }
            query.state = state
        }
        if let text = parameters.get("from") {
            guard let date = LocalTime.parseBound(text, endOfDay: false) else {
                throw Problem(status: .badRequest, title: "'from' must be YYYY-MM-DD or an ISO 8601 time")
            }
            query.from = date
        }
        if let text = parameters.get("to") {
            guard let date = LocalTime.parseBound(text, endOfDay: true) else {
                throw Problem(status: .badRequest, title: "'to' must be YYYY-MM-DD or an ISO 8601 time")
            }
            query.to = date
        }
        if let text = parameters.get("limit") {
            guard let limit = Int(text), limit > 0 else {
                throw Problem(status: .badRequest, title: "'limit' must be a positive integer")
            }
            query.limit = limit
        }
        if let text = parameters.get("offset") {
            guard let offset = Int(text), offset >= 0 else {
                throw Problem(status: .badRequest, title: "'offset' must be a non-negative integer")
            }
            query.offset = offset
        }
        return query
    }

    /// The rows as CSV, times in local time (+08:00).
    static func csv(_ rows: [ManifestSummary]) -> Response {
        var text =
            CSVRows.line([
                "number", "kind", "parent", "state", "version", "consignor_uscc", "consignor", "consignor_county",
                "carrier_uscc", "carrier", "receiver_uscc", "receiver", "receiver_county", "vehicle", "medical",
                "codes",
                "planned_t", "actual_t", "created", "submitted", "picked_up", "received", "completed", "closed",
            ]) + "\r\n"
        for row in rows {
            text +=
                CSVRows.line([
                    row.number, row.kind.rawValue, row.parentNumber ?? "", row.state.rawValue, String(row.version),
                    row.consignor.uscc, row.consignor.name, row.consignor.county, row.carrier.uscc, row.carrier.name,
                    row.receiver.uscc, row.receiver.name, row.receiver.county, row.vehiclePlate ?? "",
                    row.medical ? "yes" : "no", row.codes.joined(separator: " "), row.plannedTonnes,
                    row.actualTonnes ?? "",
                    LocalTime.format(row.createdAt), LocalTime.format(row.submittedAt),
                    LocalTime.format(row.pickedUpAt),
                    LocalTime.format(row.receivedAt), LocalTime.format(row.completedAt), LocalTime.format(row.closedAt),
                ]) + "\r\n"
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"manifests.csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
