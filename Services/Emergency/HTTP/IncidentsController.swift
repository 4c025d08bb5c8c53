import Domain
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/incidents…`: list and filter, detail, timeline, acknowledge, assign, comment, respond,
/// change level, report, close; a department acts on the incidents it is responsible for.
struct IncidentsController: Sendable {
    /// The store.
    let store: EmergencyStore

    /// Body of acknowledge and respond.
    struct NoteInput: Decodable, Sendable {
        /// An optional note.
        var note: String?
    }

    /// Body of assign.
    struct AssignInput: Decodable, Sendable {
        /// Person or team.
        var assignee: String
    }

    /// Body of comment.
    struct CommentInput: Decodable, Sendable {
        /// The comment.
        var text: String
    }

    /// Body of a level change.
    struct LevelInput: Decodable, Sendable {
        /// The new level.
        var level: String
        /// Why.
        var reason: String?
    }

    /// Body of a report.
    struct ReportInput: Decodable, Sendable {
        /// `initial`, `followup` or `final`.
        var kind: String
        /// What was reported.
        var note: String?
    }

    /// Body of close.
    struct CloseInput: Decodable, Sendable {
        /// The closing summary.
        var summary: String
    }

    /// Body of a manual incident.
    struct ManualInput: Decodable, Sendable {
        /// Incident type (a plan's type), default `manual`.
        var type: String?
        /// Level, default the plan's.
        var level: String?
        /// Where.
        var scope: IncidentEvent.Scope
        /// What happened.
        var detail: String
    }

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        let incidents = router.group("v1/incidents")
        incidents.get { request, context in
            let caller = try context.requireCaller()
            let query = request.uri.queryParameters
            var filter = IncidentFilter()
            filter.type = query.get("type")
            filter.level = query.get("level")
            filter.state = query.get("state")
            filter.county = query.get("county")
            filter.department = query.get("department")
            if let acknowledged = query.get("acknowledged") {
                guard let value = Bool(acknowledged) else {
                    throw Problem(status: .badRequest, title: "acknowledged must be true or false")
                }
                filter.acknowledged = value
            }
            if let state = filter.state, !["open", "active", "cleared", "closed"].contains(state) {
                throw Problem(status: .badRequest, title: "state must be open, active, cleared or closed")
            }
            if let limit = query.get("limit") {
                guard let value = Int(limit), value > 0 else {
                    throw Problem(status: .badRequest, title: "limit must be a positive integer")
                }
                filter.limit = value
            }
            return try jsonResponse(try await store.incidents(filter, caller: caller))
        }
        incidents.post { request, context in
            let caller = try context.requireCaller(.operator_)
            let input = try await request.decodeBody(ManualInput.self)
            let incident = try await store.openManual(
                caller: caller, type: input.type ?? "manual", level: input.level, scope: input.scope,
                detail: input.detail)
            return try jsonResponse(incident, status: .created)
        }
        incidents.get(":id") { _, context in
            let caller = try context.requireCaller()
            return try jsonResponse(try await store.incident(try context.incidentId(), caller: caller))
        }
        incidents.get(":id/timeline") { _, context in
            let caller = try context.requireCaller()
            return try jsonResponse(try await store.timeline(try context.incidentId(), caller: caller))
        }
        incidents.post(":id/acknowledge") { request, context in
            let caller = try context.requireCaller(.operator_)
            let input = try await Self.optionalNote(request)
            return try jsonResponse(try await store.acknowledge(try context.incidentId(), caller: caller, note: input))
        }
        incidents.post(":id/respond") { request, context in
            let caller = try context.requireCaller(.operator_)
            let input = try await Self.optionalNote(request)
            return try jsonResponse(try await store.respond(try context.incidentId(), caller: caller, note: input))
        }
        incidents.post(":id/assign") { request, context in
            let caller = try context.requireCaller(.operator_)
            let input = try await request.decodeBody(AssignInput.self)
            return try jsonResponse(
                try await store.assign(try context.incidentId(), caller: caller, assignee: input.assignee))
        }
        incidents.post(":id/comments") { request, context in
            let caller = try context.requireCaller(.operator_)
            let input = try await request.decodeBody(CommentInput.self)
            return try jsonResponse(
                try await store.comment(try context.incidentId(), caller: caller, text: input.text), status: .created)
        }
        incidents.post(":id/level") { request, context in
            let caller = try context.requireCaller(.operator_)
            let input = try await request.decodeBody(LevelInput.self)
            return try jsonResponse(
                try await store.changeLevel(
                    try context.incidentId(), caller: caller, level: input.level, reason: input.reason))
        }
        incidents.post(":id/reports") { request, context in
            let caller = try context.requireCaller(.operator_)
            let input = try await request.decodeBody(ReportInput.self)
            return try jsonResponse(
                try await store.report(try context.incidentId(), caller: caller, kind: input.kind, note: input.note),
                status: .created)
        }
        incidents.post(":id/close") { request, context in
            let caller = try context.requireCaller(.operator_)
            let input = try await request.decodeBody(CloseInput.self)
            return try jsonResponse(
                try await store.close(try context.incidentId(), caller: caller, summary: input.summary))
        }
    }

    /// The note of an optional `{"note": …}` body (an empty body is fine).
    static func optionalNote(_ request: Request) async throws -> String? {
        var copy = request
        let buffer = try await copy.collectBody(upTo: 64 * 1024)
        guard buffer.readableBytes > 0 else { return nil }
        do {
            return try JSONDecoder().decode(NoteInput.self, from: Data(buffer.readableBytesView)).note
        } catch {
            throw Problem(status: .badRequest, title: "malformed JSON body", detail: "\(error)")
        }
    }
}
