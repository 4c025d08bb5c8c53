import Domain
import Foundation
import GRDB

extension NotifierStore {
    /// Stores the CAP `<alert>` of an incident change, referencing the incident's earlier alerts;
    /// runs in the bus handler's transaction.
    @discardableResult
    static func recordCAP(_ db: Database, incident: IncidentEvent) throws -> CAPAlert {
        let earlier = try CAPAlert.filter(Column("incidentId") == incident.incidentId)
            .order(Column("sent"), Column.rowID).fetchAll(db)
        let identifier = "greenheart.incident.\(incident.incidentId).\(earlier.count + 1)"
        let alert = CAPAlert(
            identifier: identifier, incidentId: incident.incidentId, msgType: CAPWriter.msgType(incident.action),
            sent: incident.at, headline: incident.headline,
            xml: CAPWriter.document(identifier: identifier, incident: incident, earlier: earlier))
        try alert.insert(db)
        return alert
    }

    /// The CAP alert `identifier`, if any.
    func capAlert(_ identifier: String) async throws -> CAPAlert? {
        try await writer.read { db in try CAPAlert.fetchOne(db, key: identifier) }
    }

    /// The newest `limit` CAP alerts, newest first.
    func capAlerts(limit: Int = 100) async throws -> [CAPAlert] {
        try await writer.read { db in
            try CAPAlert.order(Column("sent").desc, Column.rowID.desc).limit(limit).fetchAll(db)
        }
    }
}
