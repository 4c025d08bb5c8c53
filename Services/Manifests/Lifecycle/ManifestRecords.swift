import Foundation
import GRDB

/// The states of a manifest.
enum ManifestState: String, Sendable, Codable, CaseIterable {
    /// Being filled in by the consignor; editable.
    case draft
    /// Signed by the consignor.
    case submitted
    /// Signed by the carrier at pick-up.
    case inTransit = "in_transit"
    /// Signed by the receiver, weighed.
    case received
    /// Utilisation or disposal confirmed by the receiver.
    case completed
    /// Refused in full by the receiver; the waste goes on a linked manifest.
    case rejected
    /// Withdrawn by the consignor before pick-up.
    case cancelled
}

/// Why a manifest exists: an ordinary transfer or the follow-up of a rejection.
enum ManifestKind: String, Sendable, Codable {
    /// An ordinary transfer.
    case standard
    /// Rejected waste going back to its consignor.
    case `return`
    /// Rejected waste going on to another receiver.
    case onward
}

/// A manifest's header, table `manifest`.
struct Manifest: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "manifest"
    /// Row id.
    var id: Int64?
    /// The 14-digit number: year, province, prefecture, 6-digit serial.
    var number: String
    /// Ordinary, return or onward.
    var kind: ManifestKind
    /// The manifest whose rejection started this one.
    var parentNumber: String?
    /// Current state.
    var state: ManifestState
    /// Current version (0 while a draft, 1 once signed, +1 per correction).
    var version: Int
    /// 移出人.
    var consignorUscc: String
    /// 承运人.
    var carrierUscc: String
    /// 接受人.
    var receiverUscc: String
    /// County code where the waste leaves.
    var consignorCounty: String
    /// County code where it arrives.
    var receiverCounty: String
    /// Vehicle plate (named in the draft, confirmed at pick-up).
    var vehiclePlate: String?
    /// Driver named at pick-up.
    var driver: String?
    /// The consignor's own reference, unique per consignor (makes creation idempotent).
    var reference: String?
    /// Whether any line is medical waste (HW01).
    var medical: Bool
    /// When utilisation or disposal must be done (UTC).
    var disposalDeadline: Date?
    /// Created (UTC).
    var createdAt: Date
    /// Consignor signed (UTC).
    var submittedAt: Date?
    /// Carrier signed at pick-up (UTC).
    var pickedUpAt: Date?
    /// Receiver signed (UTC).
    var receivedAt: Date?
    /// Completed (UTC).
    var completedAt: Date?
    /// Cancelled or rejected (UTC).
    var closedAt: Date?
    /// Last change (UTC).
    var updatedAt: Date

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One waste line of a manifest, table `manifestLine`.
struct ManifestLine: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "manifestLine"
    /// Row id.
    var id: Int64?
    /// The manifest.
    var manifestId: Int64
    /// 1-based line number.
    var lineNo: Int
    /// Waste code `XXX-YYY-ZZ`.
    var code: String
    /// Category `HWZZ`.
    var category: String
    /// The consignor's name for the waste.
    var name: String
    /// Physical form (solid, semi-solid, liquid, gas…).
    var form: String
    /// Packaging.
    var packaging: String
    /// Number of pieces (packages).
    var pieces: Int
    /// Planned quantity (exact decimal text).
    var plannedQuantity: String
    /// Unit of every quantity of the line: `t` or `kg`.
    var unit: String
    /// Weighed quantity at receipt.
    var actualQuantity: String?
    /// Counted pieces at receipt.
    var actualPieces: Int?
    /// Quantity refused at receipt (partial rejection).
    var rejectedQuantity: String?
    /// `utilisation` or `disposal`, confirmed at completion.
    var method: String?
    /// The receiver's method code (e.g. R4, D10), free text.
    var methodCode: String?

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The line's unit.
    var massUnit: MassUnit { MassUnit(rawValue: unit) ?? .tonne }
    /// Planned quantity in tonnes.
    var plannedTonnes: Decimal { massUnit.tonnes(DecimalText.stored(plannedQuantity)) }
    /// Accepted quantity in tonnes (weighed minus rejected), once received.
    var acceptedTonnes: Decimal? {
        actualQuantity.map {
            massUnit.tonnes(DecimalText.stored($0) - DecimalText.stored(rejectedQuantity))
        }
    }
}

/// An immutable snapshot of a signed version, table `manifestVersion`.
struct ManifestVersion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "manifestVersion"
    /// The manifest.
    var manifestId: Int64
    /// Version number.
    var version: Int
    /// Why it exists: `signed by consignor` or the correction's reason.
    var reason: String
    /// Who made it.
    var createdBy: String
    /// When (UTC).
    var createdAt: Date
    /// The manifest and its lines as JSON.
    var snapshot: String
}

/// One entry of the audit trail, table `manifestAudit`.
struct ManifestAudit: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "manifestAudit"
    /// Row id.
    var id: Int64?
    /// The manifest.
    var manifestId: Int64
    /// The version after the action.
    var version: Int
    /// What was done: create, update, submit, submit_refused, cancel, pickup, receive, reject, complete, correct.
    var action: String
    /// State before.
    var fromState: String?
    /// State after.
    var toState: String
    /// The token's department (or `enterprise.<USCC>`).
    var actor: String
    /// The person who signed.
    var signer: String?
    /// When (UTC).
    var at: Date
    /// Free text: a reason, a rejection note.
    var note: String?

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A recorded warning that did not refuse the action (e.g. above the annual plan), table `manifestWarning`.
struct ManifestWarning: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "manifestWarning"
    /// Row id.
    var id: Int64?
    /// The manifest.
    var manifestId: Int64
    /// Machine-readable kind, e.g. `above_annual_plan`.
    var kind: String
    /// What it says.
    var message: String
    /// When (UTC).
    var at: Date

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The kinds of anomaly the service detects.
enum AnomalyKind: String, Sendable, Codable, CaseIterable {
    /// Receiver has not confirmed within 5 working days of pick-up.
    case confirmationOverdue = "confirmation_overdue"
    /// In transit longer than the configured limit.
    case transitTooLong = "transit_too_long"
    /// Weighed quantity off by more than the tolerance, or a piece-count difference.
    case weightDiscrepancy = "weight_discrepancy"
    /// Not completed by the disposal deadline.
    case disposalOverdue = "disposal_overdue"
    /// Submission named a receiver not licensed for a code, whose licence is not valid that day,
    /// or whose licensed annual capacity the load would exceed.
    case unlicensedReceiver = "unlicensed_receiver"
}

/// A detected anomaly, at most one per manifest and kind, table `anomaly`.
struct Anomaly: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "anomaly"
    /// Row id.
    var id: Int64?
    /// The manifest.
    var manifestId: Int64
    /// Its number.
    var number: String
    /// What was detected.
    var kind: AnomalyKind
    /// When (UTC).
    var detectedAt: Date
    /// What exactly.
    var detail: String
    /// When it was resolved (UTC).
    var resolvedAt: Date?
    /// Who resolved it.
    var resolvedBy: String?
    /// The resolution note.
    var resolutionNote: String?

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
