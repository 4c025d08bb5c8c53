import Domain
import Foundation
import GRDB
import ServiceKit

/// Search criteria of `GET /v1/manifests`; every field optional, all combined with AND.
struct ManifestQuery: Sendable {
    /// An enterprise in any role.
    var party: String?
    /// The consignor.
    var consignor: String?
    /// The carrier.
    var carrier: String?
    /// The receiver.
    var receiver: String?
    /// A waste code on any line.
    var code: String?
    /// The state.
    var state: ManifestState?
    /// Created at or after (UTC).
    var from: Date?
    /// Created before (UTC).
    var to: Date?
    /// Consignor's or receiver's county.
    var county: String?
    /// Most rows.
    var limit: Int = 100
    /// Rows skipped.
    var offset: Int = 0
}

extension ManifestsStore {
    /// Whether `party` may see `manifest`: the bureau everything, an enterprise its own, transport,
    /// police and emergency what is in transit or has an anomaly, health medical waste.
    func isVisible(_ db: Database, _ manifest: Manifest, to party: Party) throws -> Bool {
        switch party {
        case .bureau: return true
        case .enterprise(let uscc):
            return [manifest.consignorUscc, manifest.carrierUscc, manifest.receiverUscc].contains(uscc)
        case .roads:
            if manifest.state == .inTransit { return true }
            return try Anomaly.filter(Column("manifestId") == manifest.id).fetchCount(db) > 0
        case .health: return manifest.medical
        case .other: return false
        }
    }

    /// The SQL condition (over alias `m`) restricting rows to what `party` may see.
    private static func visibility(_ party: Party) -> (sql: String, arguments: StatementArguments) {
        switch party {
        case .bureau: return ("1", [])
        case .enterprise(let uscc):
            return ("(m.consignorUscc = ? OR m.carrierUscc = ? OR m.receiverUscc = ?)", [uscc, uscc, uscc])
        case .roads:
            return ("(m.state = 'in_transit' OR EXISTS (SELECT 1 FROM anomaly a WHERE a.manifestId = m.id))", [])
        case .health: return ("m.medical = 1", [])
        case .other: return ("0", [])
        }
    }

    /// The manifests matching `query` that the caller may see, newest first.
    func search(_ query: ManifestQuery, caller: Caller) async throws -> [ManifestSummary] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        let visible = Self.visibility(Party(caller))
        conditions.append(visible.sql)
        arguments += visible.arguments
        if let party = query.party {
            conditions.append("(m.consignorUscc = ? OR m.carrierUscc = ? OR m.receiverUscc = ?)")
            arguments += [party, party, party]
        }
        if let consignor = query.consignor {
            conditions.append("m.consignorUscc = ?")
            arguments += [consignor]
        }
        if let carrier = query.carrier {
            conditions.append("m.carrierUscc = ?")
            arguments += [carrier]
        }
        if let receiver = query.receiver {
            conditions.append("m.receiverUscc = ?")
            arguments += [receiver]
        }
        if let code = query.code {
            conditions.append("EXISTS (SELECT 1 FROM manifestLine l WHERE l.manifestId = m.id AND l.code = ?)")
            arguments += [WasteCode.normalise(code) ?? code]
        }
        if let state = query.state {
            conditions.append("m.state = ?")
            arguments += [state.rawValue]
        }
        if let from = query.from {
            conditions.append("m.createdAt >= ?")
            arguments += [from]
        }
        if let to = query.to {
            conditions.append("m.createdAt < ?")
            arguments += [to]
        }
        if let county = query.county {
            conditions.append("(m.consignorCounty = ? OR m.receiverCounty = ?)")
            arguments += [county, county]
        }
        let sql =
            "SELECT m.* FROM manifest m WHERE " + conditions.joined(separator: " AND ")
            + " ORDER BY m.id DESC LIMIT ? OFFSET ?"
        arguments += [min(max(query.limit, 1), 5000), max(query.offset, 0)]
        let bound = arguments
        return try await writer.read { db in
            try Manifest.fetchAll(db, sql: sql, arguments: bound).map { try summary(db, $0) }
        }
    }

    /// One manifest with versions, history, warnings and anomalies, or 404.
    func detail(number: String, caller: Caller) async throws -> ManifestDetail {
        try await writer.read { db in
            let (manifest, lines) = try load(db, number: number, caller: caller)
            let id = manifest.id ?? 0
            return ManifestDetail(
                manifest: try summary(db, manifest, lines: lines),
                versions: try ManifestVersion.filter(Column("manifestId") == id).order(Column("version")).fetchAll(db),
                history: try ManifestAudit.filter(Column("manifestId") == id).order(Column("id")).fetchAll(db),
                warnings: try ManifestWarning.filter(Column("manifestId") == id).order(Column("id")).fetchAll(db),
                anomalies: try Anomaly.filter(Column("manifestId") == id).order(Column("id")).fetchAll(db))
        }
    }

    /// The summary of `manifest`, reading its lines when not given.
    func summary(_ db: Database, _ manifest: Manifest, lines: [ManifestLine]? = nil) throws -> ManifestSummary {
        let lines =
            try lines
            ?? ManifestLine.filter(Column("manifestId") == manifest.id).order(Column("lineNo")).fetchAll(db)
        func party(_ uscc: String, county: String) throws -> PartySummary {
            let enterprise = try Enterprise.fetchOne(db, key: uscc)
            return PartySummary(uscc: uscc, name: enterprise?.name ?? "", county: county)
        }
        let carrier = try Enterprise.fetchOne(db, key: manifest.carrierUscc)
        let weighed = lines.allSatisfy { $0.actualQuantity != nil } && !lines.isEmpty
        return ManifestSummary(
            number: manifest.number, kind: manifest.kind, parentNumber: manifest.parentNumber, state: manifest.state,
            version: manifest.version,
            consignor: try party(manifest.consignorUscc, county: manifest.consignorCounty),
            carrier: PartySummary(uscc: manifest.carrierUscc, name: carrier?.name ?? "", county: carrier?.county ?? ""),
            receiver: try party(manifest.receiverUscc, county: manifest.receiverCounty),
            vehiclePlate: manifest.vehiclePlate, driver: manifest.driver, medical: manifest.medical,
            codes: Array(Set(lines.map(\.code))).sorted(),
            lines: lines.map {
                LineSummary(
                    line: $0.lineNo, code: $0.code, category: $0.category, name: $0.name, form: $0.form,
                    packaging: $0.packaging, pieces: $0.pieces, plannedQuantity: $0.plannedQuantity, unit: $0.unit,
                    actualQuantity: $0.actualQuantity, actualPieces: $0.actualPieces,
                    rejectedQuantity: $0.rejectedQuantity,
                    method: $0.method, methodCode: $0.methodCode)
            },
            plannedTonnes: DecimalText.format(lines.reduce(Decimal(0)) { $0 + $1.plannedTonnes }),
            actualTonnes: weighed
                ? DecimalText.format(
                    lines.reduce(Decimal(0)) { $0 + $1.massUnit.tonnes(DecimalText.stored($1.actualQuantity)) })
                : nil,
            disposalDeadline: manifest.disposalDeadline, createdAt: manifest.createdAt,
            submittedAt: manifest.submittedAt, pickedUpAt: manifest.pickedUpAt, receivedAt: manifest.receivedAt,
            completedAt: manifest.completedAt, closedAt: manifest.closedAt)
    }
}
