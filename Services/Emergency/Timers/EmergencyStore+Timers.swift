import Domain
import Foundation
import GRDB

extension EmergencyStore {
    /// Fires every due timer at `now` in one transaction: escalates unacknowledged incidents past
    /// their deadline (next department of the plan, repeated), and marks overdue initial reports.
    /// Returns how many timers fired. Deadlines live in the store, so they survive restarts.
    @discardableResult
    func fireTimers(at now: Date) async throws -> Int {
        try await writer.write { db in
            var fired = 0
            let due = try Incident.filter(
                Column("closed") == false && Column("acknowledged") == false && Column("acknowledgeBy") <= now
            ).fetchAll(db)
            for var incident in due {
                guard let id = incident.id, let deadline = incident.acknowledgeBy else { continue }
                let plan = try self.plan(db, type: incident.type)
                guard incident.escalationStep < plan.maxEscalations else {
                    incident.acknowledgeBy = nil
                    incident.updatedAt = now
                    try incident.update(db)
                    try addTimeline(db, incidentId: id, actor: "system", action: "escalation_exhausted", detail: nil)
                    continue
                }
                incident.escalationStep += 1
                var recipients = incident.responsible
                var target: String?
                if !plan.escalation.isEmpty {
                    let next = plan.escalation[min(incident.escalationStep - 1, plan.escalation.count - 1)]
                    target = next
                    recipients.append(next)
                    if !incident.responsible.contains(next) {
                        // The department escalated to becomes responsible: it may acknowledge.
                        incident.responsible.append(next)
                        incident.informed.removeAll { $0 == next }
                    }
                }
                let interval = plan.acknowledgeInterval(incident.level)
                var next = deadline.addingTimeInterval(interval)
                if next <= now { next = now.addingTimeInterval(interval) }
                incident.acknowledgeBy = next
                incident.updatedAt = now
                try incident.update(db)
                let detail = "step \(incident.escalationStep)" + (target.map { " → \($0)" } ?? "")
                try addTimeline(db, incidentId: id, actor: "system", action: "escalated", detail: detail)
                try publish(
                    db, incident, .escalated, recipients: recipients, note: "unacknowledged past deadline; \(detail)")
                fired += 1
            }
            let overdue = try Incident.filter(
                Column("closed") == false && Column("reportedAt") == nil && Column("reportOverdueAt") == nil
                    && Column("reportDueBy") <= now
            ).fetchAll(db)
            for var incident in overdue {
                guard let id = incident.id else { continue }
                incident.reportOverdueAt = now
                incident.updatedAt = now
                try incident.update(db)
                try addTimeline(db, incidentId: id, actor: "system", action: "report_overdue", detail: nil)
                try publish(
                    db, incident, .updated, recipients: incident.responsible, note: "statutory initial report overdue")
                fired += 1
            }
            return fired
        }
    }
}
