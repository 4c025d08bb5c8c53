import Domain
import Foundation
import GRDB
import ServiceKit

/// What a caller may filter incidents by.
struct IncidentFilter: Sendable {
    /// Incident type.
    var type: String?
    /// Level.
    var level: String?
    /// `open` (not closed), `active`, `cleared` (inactive, not closed), `closed`.
    var state: String?
    /// Acknowledged or not.
    var acknowledged: Bool?
    /// Only incidents this department is responsible for or informed of.
    var department: String?
    /// County code.
    var county: String?
    /// At most this many, newest first.
    var limit: Int = 100
}

/// An incident with its inputs, as the API returns it.
struct IncidentDetail: Codable, Sendable {
    /// The incident.
    var incident: Incident
    /// What fed it.
    var inputs: [IncidentInput]
}

extension EmergencyStore {
    /// Whether `caller` may see `incident`: admins see all, others when responsible or informed.
    static func canSee(_ caller: Caller, _ incident: Incident) -> Bool {
        caller.role == .admin || incident.responsible.contains(caller.department)
            || incident.informed.contains(caller.department)
    }

    /// Whether `caller` may act on `incident`: admins always, operators of a responsible department.
    static func canAct(_ caller: Caller, _ incident: Incident) -> Bool {
        caller.role == .admin || (caller.has(.operator_) && incident.responsible.contains(caller.department))
    }

    /// Incidents `caller` may see, matching `filter`, newest first.
    func incidents(_ filter: IncidentFilter, caller: Caller) async throws -> [Incident] {
        try await writer.read { db in
            var request = Incident.all()
            if let type = filter.type { request = request.filter(Column("type") == type) }
            if let level = filter.level { request = request.filter(Column("level") == level) }
            if let county = filter.county { request = request.filter(Column("county") == county) }
            if let acknowledged = filter.acknowledged {
                request = request.filter(Column("acknowledged") == acknowledged)
            }
            switch filter.state {
            case "open": request = request.filter(Column("closed") == false)
            case "active": request = request.filter(Column("closed") == false && Column("active") == true)
            case "cleared": request = request.filter(Column("closed") == false && Column("active") == false)
            case "closed": request = request.filter(Column("closed") == true)
            default: break
            }
            // Visibility and the department filter read JSON arrays: filter in Swift.
            return try request.order(Column("id").desc).fetchAll(db).filter { incident in
                Self.canSee(caller, incident)
                    && (filter.department.map { incident.responsible.contains($0) || incident.informed.contains($0) }
                        ?? true)
            }.prefix(max(1, min(filter.limit, 1000))).map { $0 }
        }
    }

    /// One incident with its inputs, when `caller` may see it.
    func incident(_ id: Int64, caller: Caller) async throws -> IncidentDetail {
        try await writer.read { db in
            let incident = try Self.visible(db, id, caller: caller)
            let inputs = try IncidentInput.filter(Column("incidentId") == id).order(Column("id")).fetchAll(db)
            return IncidentDetail(incident: incident, inputs: inputs)
        }
    }

    /// The timeline of an incident, oldest first.
    func timeline(_ id: Int64, caller: Caller) async throws -> [TimelineEntry] {
        try await writer.read { db in
            _ = try Self.visible(db, id, caller: caller)
            return try TimelineEntry.filter(Column("incidentId") == id).order(Column("id")).fetchAll(db)
        }
    }

    private static func visible(_ db: Database, _ id: Int64, caller: Caller) throws -> Incident {
        guard let incident = try Incident.fetchOne(db, key: id), canSee(caller, incident) else {
            throw Problem(status: .notFound, title: "no incident \(id)")
        }
        return incident
    }

    /// Runs `change` on an incident `caller` may act on, in one transaction.
    private func act(
        _ id: Int64, caller: Caller, _ change: @escaping @Sendable (Database, inout Incident, Date) throws -> Void
    ) async throws -> Incident {
        try await writer.write { db in
            guard var incident = try Incident.fetchOne(db, key: id), Self.canSee(caller, incident) else {
                throw Problem(status: .notFound, title: "no incident \(id)")
            }
            guard Self.canAct(caller, incident) else {
                throw Problem(
                    status: .forbidden, title: "not responsible",
                    detail: "'\(caller.department)' is not responsible for incident \(id) or lacks the operator role")
            }
            let now = self.now()
            try change(db, &incident, now)
            incident.updatedAt = now
            try incident.update(db)
            return incident
        }
    }

    private static func requireOpen(_ incident: Incident) throws {
        if incident.closed { throw Problem(status: .conflict, title: "incident \(incident.id ?? 0) is closed") }
    }

    /// Acknowledges: escalation stops. Acknowledging twice changes nothing.
    func acknowledge(_ id: Int64, caller: Caller, note: String?) async throws -> Incident {
        try await act(id, caller: caller) { db, incident, now in
            try Self.requireOpen(incident)
            guard !incident.acknowledged else { return }
            incident.acknowledged = true
            incident.acknowledgedAt = now
            incident.acknowledgedBy = caller.department
            incident.acknowledgeBy = nil
            try addTimeline(db, incidentId: id, actor: caller.department, action: "acknowledged", detail: note)
            try publish(
                db, incident, .acknowledged, recipients: incident.responsible + incident.informed,
                actor: caller.department,
                note: note)
        }
    }

    /// Assigns to a person or team.
    func assign(_ id: Int64, caller: Caller, assignee: String) async throws -> Incident {
        let assignee = assignee.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !assignee.isEmpty, assignee.count <= 200 else {
            throw Problem(status: .badRequest, title: "assignee must be 1–200 characters")
        }
        return try await act(id, caller: caller) { db, incident, _ in
            try Self.requireOpen(incident)
            incident.assignee = assignee
            try addTimeline(db, incidentId: id, actor: caller.department, action: "assigned", detail: assignee)
            try publish(
                db, incident, .updated, recipients: incident.responsible, actor: caller.department,
                note: "assigned to \(assignee)")
        }
    }

    /// Adds a comment (any department that may see the incident and has the operator role).
    func comment(_ id: Int64, caller: Caller, text: String) async throws -> TimelineEntry {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 4000 else {
            throw Problem(status: .badRequest, title: "comment must be 1–4000 characters")
        }
        return try await writer.write { db in
            guard let incident = try Incident.fetchOne(db, key: id), Self.canSee(caller, incident) else {
                throw Problem(status: .notFound, title: "no incident \(id)")
            }
            guard Self.canAct(caller, incident) else {
                throw Problem(status: .forbidden, title: "not responsible")
            }
            var entry = TimelineEntry(
                id: nil, incidentId: id, at: now(), actor: caller.department, action: "comment", detail: text)
            try entry.insert(db)
            return entry
        }
    }

    /// Declares the department is responding.
    func respond(_ id: Int64, caller: Caller, note: String?) async throws -> Incident {
        try await act(id, caller: caller) { db, incident, now in
            try Self.requireOpen(incident)
            guard !incident.responding else { return }
            incident.responding = true
            // Responding implies the department has heard: it acknowledges too.
            if !incident.acknowledged {
                incident.acknowledged = true
                incident.acknowledgedAt = now
                incident.acknowledgedBy = caller.department
                incident.acknowledgeBy = nil
                try addTimeline(db, incidentId: id, actor: caller.department, action: "acknowledged", detail: note)
                try publish(
                    db, incident, .acknowledged, recipients: incident.responsible + incident.informed,
                    actor: caller.department, note: note)
            }
            try addTimeline(db, incidentId: id, actor: caller.department, action: "responding", detail: note)
            try publish(
                db, incident, .updated, recipients: incident.responsible + incident.informed, actor: caller.department,
                note: "responding" + (note.map { ": \($0)" } ?? ""))
        }
    }

    /// Changes the level (up or down) within the incident's scheme.
    func changeLevel(_ id: Int64, caller: Caller, level: String, reason: String?) async throws -> Incident {
        try await act(id, caller: caller) { db, incident, now in
            try Self.requireOpen(incident)
            let plan = try self.plan(db, type: incident.type)
            guard IncidentLevel.levels(of: incident.levelScheme).contains(level) else {
                throw Problem(
                    status: .badRequest, title: "invalid level '\(level)'",
                    detail:
                        "levels of this incident: \(IncidentLevel.levels(of: incident.levelScheme).joined(separator: ", "))"
                )
            }
            guard level != incident.level else { return }
            let previous = incident.level
            Self.setLevel(&incident, to: level, plan: plan, now: now)
            try addTimeline(
                db, incidentId: id, actor: caller.department, action: "level",
                detail: "\(previous) → \(level)" + (reason.map { ": \($0)" } ?? ""))
            try publish(
                db, incident, .updated, previousLevel: previous, recipients: incident.responsible + incident.informed,
                actor: caller.department, note: reason)
        }
    }

    /// Files a report (`initial`, `followup` or `final`); the initial one stops the report timer.
    func report(_ id: Int64, caller: Caller, kind: String, note: String?) async throws -> Incident {
        guard ["initial", "followup", "final"].contains(kind) else {
            throw Problem(status: .badRequest, title: "report kind must be initial, followup or final")
        }
        return try await act(id, caller: caller) { db, incident, now in
            if kind == "initial" && incident.reportedAt == nil { incident.reportedAt = now }
            try addTimeline(
                db, incidentId: id, actor: caller.department, action: "report", detail: "\(kind): \(note ?? "")")
        }
    }

    /// Closes with a summary (a human act; allowed whether or not the inputs cleared).
    func close(_ id: Int64, caller: Caller, summary: String) async throws -> Incident {
        let summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !summary.isEmpty, summary.count <= 8000 else {
            throw Problem(status: .badRequest, title: "a summary of 1–8000 characters is required to close")
        }
        return try await act(id, caller: caller) { db, incident, now in
            try Self.requireOpen(incident)
            incident.closed = true
            incident.closedAt = now
            incident.closedBy = caller.department
            incident.summary = summary
            incident.openKey = nil
            incident.acknowledgeBy = nil
            try addTimeline(db, incidentId: id, actor: caller.department, action: "closed", detail: summary)
            try publish(
                db, incident, .closed, recipients: incident.responsible + incident.informed, actor: caller.department,
                note: summary)
        }
    }

    /// Opens a manual incident (bureau or emergency operators).
    func openManual(caller: Caller, type: String, level: String?, scope: IncidentEvent.Scope, detail: String)
        async throws
        -> Incident
    {
        guard caller.role == .admin || (caller.has(.operator_) && caller.department == "emergency") else {
            throw Problem(status: .forbidden, title: "only the bureau or emergency management open incidents by hand")
        }
        guard !scope.kind.isEmpty, !scope.id.isEmpty, !detail.isEmpty else {
            throw Problem(status: .badRequest, title: "scope kind, scope id and detail are required")
        }
        return try await writer.write { db in
            guard try ResponsePlan.fetchOne(db, key: type) != nil else {
                throw Problem(status: .badRequest, title: "unknown incident type '\(type)'")
            }
            return try open(
                db,
                Signal(
                    type: type, scope: scope, key: "manual:\(UUID().uuidString.lowercased())", source: "manual",
                    detail: "\(caller.department): \(detail)", payload: "{}", level: level, at: now()))
        }
    }

    // MARK: - Plans and water sources

    /// Every response plan.
    func plans() async throws -> [ResponsePlan] {
        try await writer.read { db in try ResponsePlan.order(Column("type")).fetchAll(db) }
    }

    /// Replaces a response plan (admin), after checking it.
    func savePlan(_ plan: ResponsePlan) async throws -> ResponsePlan {
        guard ["sudden", "warning"].contains(plan.levelScheme), plan.accepts(level: plan.defaultLevel),
            !plan.responsible.isEmpty, plan.maxEscalations >= 0,
            plan.acknowledgeSeconds.values.allSatisfy({ $0 > 0 }), plan.reportSeconds.values.allSatisfy({ $0 > 0 })
        else {
            throw Problem(
                status: .badRequest, title: "invalid plan",
                detail:
                    "levelScheme sudden|warning, defaultLevel in its scheme, responsible not empty, positive seconds")
        }
        if let rules = plan.warningRules,
            rules.contains(where: { !plan.accepts(level: $0.level) || $0.anyOf.isEmpty })
        {
            throw Problem(status: .badRequest, title: "warning rules must name levels of the plan's scheme")
        }
        try await writer.write { db in try plan.save(db) }
        return plan
    }

    /// Every drinking-water source.
    func waterSources() async throws -> [WaterSource] {
        try await writer.read { db in try WaterSource.order(Column("id")).fetchAll(db) }
    }

    /// Sets a drinking-water source's population served.
    func saveWaterSource(id: String, name: String, population: Int, county: String?) async throws -> WaterSource {
        guard !id.isEmpty, !name.isEmpty, population >= 0 else {
            throw Problem(status: .badRequest, title: "a name and a population ≥ 0 are required")
        }
        let source = WaterSource(id: id, name: name, population: population, county: county, updatedAt: now())
        try await writer.write { db in try source.save(db) }
        return source
    }
}
