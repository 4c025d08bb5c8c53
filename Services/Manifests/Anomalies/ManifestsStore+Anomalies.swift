import Domain
import Foundation
import GRDB
import ServiceKit

extension ManifestsStore {
    /// Records an anomaly and writes its `waste.anomaly.<kind>` event, unless one of that kind
    /// exists for the manifest already (then nothing happens and nil is returned).
    @discardableResult
    func raiseAnomaly(
        _ db: Database, _ manifest: Manifest, _ lines: [ManifestLine]? = nil, kind: AnomalyKind, detail: String,
        now: Date
    ) throws -> Anomaly? {
        let exists = try Anomaly.filter(Column("manifestId") == manifest.id && Column("kind") == kind.rawValue)
            .fetchCount(db)
        guard exists == 0 else { return nil }
        var anomaly = Anomaly(
            id: nil, manifestId: manifest.id ?? 0, number: manifest.number, kind: kind, detectedAt: now, detail: detail,
            resolvedAt: nil, resolvedBy: nil, resolutionNote: nil)
        try anomaly.insert(db)
        let event = AnomalyEvent(
            id: anomaly.id ?? 0, kind: kind, detectedAt: now, detail: detail, resolvedAt: nil, resolvedBy: nil,
            resolutionNote: nil, manifest: try summary(db, manifest, lines: lines))
        try outbox.enqueue(
            db, topic: "waste.anomaly." + kind.rawValue, type: EventType("waste.anomaly.detected"), payload: event,
            time: now, correlationId: manifest.number)
        return anomaly
    }

    /// Looks for time-based anomalies as of `now`; each is raised at most once. Returns those raised.
    @discardableResult
    func detectAnomalies(now: Date) async throws -> [Anomaly] {
        try await writer.write { db in
            var raised: [Anomaly] = []
            let inTransit = try Manifest.filter(Column("state") == ManifestState.inTransit.rawValue).fetchAll(db)
            for manifest in inTransit {
                guard let pickedUp = manifest.pickedUpAt else { continue }
                let due = calendar.deadline(afterWorkingDays: rules.confirmationWorkingDays, from: pickedUp)
                if now >= due,
                    let anomaly = try raiseAnomaly(
                        db, manifest, kind: .confirmationOverdue,
                        detail:
                            "picked up \(BusTime.format(pickedUp)); not confirmed by the receiver within \(rules.confirmationWorkingDays) working days (due \(BusTime.format(due)))",
                        now: now)
                {
                    raised.append(anomaly)
                }
                if now.timeIntervalSince(pickedUp) > rules.transitLimit,
                    let anomaly = try raiseAnomaly(
                        db, manifest, kind: .transitTooLong,
                        detail:
                            "in transit since \(BusTime.format(pickedUp)), longer than \(Int(rules.transitLimit / 3600)) h",
                        now: now)
                {
                    raised.append(anomaly)
                }
            }
            let open = try Manifest.fetchAll(
                db,
                sql: """
                    SELECT * FROM manifest WHERE state IN ('submitted','in_transit','received')
                    AND disposalDeadline IS NOT NULL AND disposalDeadline <= ?
                    """, arguments: [now])
            for manifest in open {
                if let deadline = manifest.disposalDeadline,
                    let anomaly = try raiseAnomaly(
                        db, manifest, kind: .disposalOverdue,
                        detail: "not completed by the disposal deadline \(BusTime.format(deadline))", now: now)
                {
                    raised.append(anomaly)
                }
            }
            return raised
        }
    }

    /// Resolves an open anomaly with a note and publishes `waste.anomaly.<kind>.resolved`.
    func resolveAnomaly(id: Int64, note: String, caller: Caller, now: Date) async throws -> Anomaly {
        let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw Problem(status: .unprocessableContent, title: "resolving an anomaly needs a note")
        }
        return try await writer.write { db in
            guard var anomaly = try Anomaly.fetchOne(db, key: id),
                let manifest = try Manifest.fetchOne(db, key: anomaly.manifestId),
                try isVisible(db, manifest, to: Party(caller))
            else {
                throw Problem(status: .notFound, title: "no anomaly \(id)")
            }
            guard anomaly.resolvedAt == nil else {
                throw Problem(
                    status: .conflict, title: "anomaly \(id) was already resolved",
                    detail: anomaly.resolutionNote.map { "note: \($0)" })
            }
            anomaly.resolvedAt = now
            anomaly.resolvedBy = caller.department
            anomaly.resolutionNote = trimmed
            try anomaly.update(db)
            let event = AnomalyEvent(
                id: id, kind: anomaly.kind, detectedAt: anomaly.detectedAt, detail: anomaly.detail, resolvedAt: now,
                resolvedBy: caller.department, resolutionNote: trimmed, manifest: try summary(db, manifest))
            try outbox.enqueue(
                db, topic: "waste.anomaly.\(anomaly.kind.rawValue).resolved", type: EventType("waste.anomaly.resolved"),
                payload: event, time: now, correlationId: manifest.number)
            return anomaly
        }
    }

    /// The anomalies the caller may see, newest first; `open` true for unresolved only.
    func anomalies(open: Bool?, kind: AnomalyKind?, caller: Caller) async throws -> [Anomaly] {
        let party = Party(caller)
        return try await writer.read { db in
            var request = Anomaly.order(Column("id").desc).limit(1000)
            if let open { request = request.filter(open ? Column("resolvedAt") == nil : Column("resolvedAt") != nil) }
            if let kind { request = request.filter(Column("kind") == kind.rawValue) }
            return try request.fetchAll(db).filter { anomaly in
                guard let manifest = try Manifest.fetchOne(db, key: anomaly.manifestId) else { return false }
                switch party {
                case .roads, .bureau: return true
                default: return try isVisible(db, manifest, to: party)
                }
            }
        }
    }
}
