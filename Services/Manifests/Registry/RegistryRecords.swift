import Foundation
import GRDB

/// The roles an enterprise may play on a manifest.
enum EnterpriseRole: String, Sendable, Codable, CaseIterable {
    /// 移出人: where the waste leaves from.
    case consignor
    /// 承运人: who transports it.
    case carrier
    /// 接受人: who utilises or disposes of it.
    case receiver
}

/// An enterprise of the registry (table `enterprise`).
struct Enterprise: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "enterprise"
    /// Unified social credit code.
    var uscc: String
    /// Registered name.
    var name: String
    /// County (区县) code of the site, 6 digits.
    var county: String
    /// Comma-separated roles.
    var roles: String
    /// When it was registered (UTC).
    var createdAt: Date

    /// The roles as values.
    var roleSet: Set<EnterpriseRole> {
        Set(roles.split(separator: ",").compactMap { EnterpriseRole(rawValue: String($0)) })
    }
}

/// A receiver's hazardous waste business licence (危险废物经营许可证), table `receiverLicence`.
struct ReceiverLicence: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "receiverLicence"
    /// Row id.
    var id: Int64?
    /// The receiver.
    var uscc: String
    /// Licence number.
    var number: String
    /// First valid local day, `YYYY-MM-DD`.
    var validFrom: String
    /// Last valid local day, `YYYY-MM-DD`.
    var validUntil: String
    /// Annual capacity in tonnes (exact decimal text).
    var annualCapacityTonnes: String
    /// Comma-separated permitted codes `XXX-YYY-ZZ`.
    var permittedCodes: String
    /// When it was registered (UTC).
    var createdAt: Date

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The permitted codes as a set.
    var codes: Set<String> { Set(permittedCodes.split(separator: ",").map(String.init)) }

    /// Whether the licence is valid on the local day `day` (`YYYY-MM-DD`).
    func isValid(on day: String) -> Bool { validFrom <= day && day <= validUntil }
}

/// A carrier's road transport licence for dangerous goods (道路危险货物运输许可证), table `carrierLicence`.
struct CarrierLicence: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "carrierLicence"
    /// Row id.
    var id: Int64?
    /// The carrier.
    var uscc: String
    /// Licence number.
    var number: String
    /// First valid local day, `YYYY-MM-DD`.
    var validFrom: String
    /// Last valid local day, `YYYY-MM-DD`.
    var validUntil: String
    /// When it was registered (UTC).
    var createdAt: Date

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Whether the licence is valid on the local day `day`.
    func isValid(on day: String) -> Bool { validFrom <= day && day <= validUntil }
}

/// A carrier's vehicle with its operating permit (道路运输证), table `vehicle`.
struct Vehicle: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "vehicle"
    /// Number plate, e.g. 湘B12345.
    var plate: String
    /// The carrier it belongs to.
    var carrierUscc: String
    /// Operating permit number.
    var permitNumber: String
    /// Last valid local day of the permit, `YYYY-MM-DD`.
    var validUntil: String
    /// When it was registered (UTC).
    var createdAt: Date
}

/// One line of a consignor's annual management plan (管理计划), table `annualPlan`.
struct AnnualPlan: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Table name.
    static let databaseTableName = "annualPlan"
    /// Row id.
    var id: Int64?
    /// The consignor.
    var consignorUscc: String
    /// Calendar year.
    var year: Int
    /// Declared code `XXX-YYY-ZZ`.
    var code: String
    /// Declared quantity in tonnes (exact decimal text).
    var quantityTonnes: String
    /// When it was declared (UTC).
    var createdAt: Date

    /// Sets the row id after insertion.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
