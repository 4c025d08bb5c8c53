import Domain
import Foundation
import GRDB
import ServiceKit

extension ManifestsStore {
    /// Registers an enterprise, or updates its name, county and roles.
    func registerEnterprise(_ input: EnterpriseInput, now: Date) async throws -> Enterprise {
        let uscc = input.uscc.uppercased()
        guard USCC.isValid(uscc) else {
            throw Problem(
                status: .unprocessableContent, title: "invalid unified social credit code '\(input.uscc)'",
                detail: "18 characters of 0-9 and A-Y (no I, O, S, V, Z) with a correct check character")
        }
        try Self.requireCounty(input.county)
        let name = input.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !input.roles.isEmpty else {
            throw Problem(status: .unprocessableContent, title: "an enterprise needs a name and at least one role")
        }
        let roles = EnterpriseRole.allCases.filter { input.roles.contains($0) }.map(\.rawValue).joined(separator: ",")
        return try await writer.write { db in
            let created = try Enterprise.fetchOne(db, key: uscc)?.createdAt ?? now
            let enterprise = Enterprise(uscc: uscc, name: name, county: input.county, roles: roles, createdAt: created)
            try enterprise.save(db)
            return enterprise
        }
    }

    /// Adds a receiver's business licence.
    func addReceiverLicence(uscc: String, _ input: ReceiverLicenceInput, now: Date) async throws -> ReceiverLicence {
        try Self.requireDays(input.validFrom, input.validUntil)
        guard let capacity = DecimalText.parse(input.annualCapacityTonnes), capacity > 0 else {
            throw Problem(
                status: .unprocessableContent, title: "annual capacity must be a positive decimal number of tonnes")
        }
        let codes = try input.permittedCodes.map { try requireCode($0).code }
        guard !codes.isEmpty else {
            throw Problem(status: .unprocessableContent, title: "a receiver licence permits at least one code")
        }
        return try await writer.write { db in
            try Self.requireEnterprise(db, uscc, role: .receiver)
            var licence = ReceiverLicence(
                id: nil, uscc: uscc, number: input.number, validFrom: input.validFrom, validUntil: input.validUntil,
                annualCapacityTonnes: DecimalText.format(capacity), permittedCodes: codes.joined(separator: ","),
                createdAt: now)
            try licence.insert(db)
            return licence
        }
    }

    /// Adds a carrier's dangerous goods road transport licence.
    func addCarrierLicence(uscc: String, _ input: CarrierLicenceInput, now: Date) async throws -> CarrierLicence {
        try Self.requireDays(input.validFrom, input.validUntil)
        return try await writer.write { db in
            try Self.requireEnterprise(db, uscc, role: .carrier)
            var licence = CarrierLicence(
                id: nil, uscc: uscc, number: input.number, validFrom: input.validFrom, validUntil: input.validUntil,
                createdAt: now)
            try licence.insert(db)
            return licence
        }
    }

    /// Registers (or re-registers) a carrier's vehicle.
    func addVehicle(uscc: String, _ input: VehicleInput, now: Date) async throws -> Vehicle {
        try Self.requireDays(input.validUntil, input.validUntil)
        let plate = input.plate.trimmingCharacters(in: .whitespaces)
        guard !plate.isEmpty else { throw Problem(status: .unprocessableContent, title: "a vehicle needs a plate") }
        return try await writer.write { db in
            try Self.requireEnterprise(db, uscc, role: .carrier)
            let vehicle = Vehicle(
                plate: plate, carrierUscc: uscc, permitNumber: input.permitNumber, validUntil: input.validUntil,
                createdAt: now)
            try vehicle.save(db)
            return vehicle
        }
    }

    /// Declares a consignor's annual plan for `year`, replacing the lines of the same codes.
    func declarePlan(uscc: String, year: Int, _ input: PlanInput, now: Date) async throws -> [AnnualPlan] {
        guard (2000...2100).contains(year) else {
            throw Problem(status: .unprocessableContent, title: "year \(year) is out of range")
        }
        let lines = try input.lines.map { line -> (String, Decimal) in
            guard let quantity = DecimalText.parse(line.quantityTonnes), quantity > 0 else {
                throw Problem(
                    status: .unprocessableContent, title: "planned quantity must be a positive decimal number of tonnes"
                )
            }
            return (try requireCode(line.code).code, quantity)
        }
        return try await writer.write { db in
            try Self.requireEnterprise(db, uscc, role: .consignor)
            var saved: [AnnualPlan] = []
            for (code, quantity) in lines {
                var plan = AnnualPlan(
                    id: nil, consignorUscc: uscc, year: year, code: code, quantityTonnes: DecimalText.format(quantity),
                    createdAt: now)
                try plan.insert(db)
                saved.append(plan)
            }
            return saved
        }
    }

    /// An enterprise and everything registered for it, or nil.
    func enterpriseDetail(uscc: String) async throws -> EnterpriseDetail? {
        try await writer.read { db in
            guard let enterprise = try Enterprise.fetchOne(db, key: uscc) else { return nil }
            return EnterpriseDetail(
                enterprise: enterprise,
                receiverLicences: try ReceiverLicence.filter(Column("uscc") == uscc).fetchAll(db),
                carrierLicences: try CarrierLicence.filter(Column("uscc") == uscc).fetchAll(db),
                vehicles: try Vehicle.filter(Column("carrierUscc") == uscc).fetchAll(db),
                plans: try AnnualPlan.filter(Column("consignorUscc") == uscc).order(Column("year"), Column("code"))
                    .fetchAll(db))
        }
    }

    /// Every enterprise, by name.
    func enterprises() async throws -> [Enterprise] {
        try await writer.read { db in try Enterprise.order(Column("name")).fetchAll(db) }
    }

    /// The catalogue entry for `text`, or a 422 problem naming the code.
    func requireCode(_ text: String) throws -> WasteCode {
        guard let entry = catalogue.entry(for: text) else {
            throw Problem(
                status: .unprocessableContent, title: "unknown waste code '\(text)'",
                detail: "not on the National Hazardous Waste List (2021); codes are written XXX-YYY-ZZ")
        }
        return entry
    }

    /// The enterprise `uscc` with `role`, or a 404/422 problem.
    @discardableResult
    static func requireEnterprise(_ db: Database, _ uscc: String, role: EnterpriseRole) throws -> Enterprise {
        guard let enterprise = try Enterprise.fetchOne(db, key: uscc) else {
            throw Problem(status: .notFound, title: "no enterprise '\(uscc)' is registered")
        }
        guard enterprise.roleSet.contains(role) else {
            throw Problem(
                status: .unprocessableContent, title: "enterprise '\(uscc)' is not registered as a \(role.rawValue)")
        }
        return enterprise
    }

    /// Refuses a county that is not a 6-digit administrative division code.
    static func requireCounty(_ county: String) throws {
        guard county.count == 6, county.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw Problem(
                status: .unprocessableContent, title: "county must be a 6-digit administrative code, got '\(county)'")
        }
    }

    /// Refuses validity days that are not `YYYY-MM-DD` or end before they start.
    static func requireDays(_ from: String, _ until: String) throws {
        guard let first = ChinaLocalDate(isoString: from), let last = ChinaLocalDate(isoString: until) else {
            throw Problem(status: .unprocessableContent, title: "validity days must be written YYYY-MM-DD")
        }
        guard first <= last else {
            throw Problem(status: .unprocessableContent, title: "validity ends before it starts")
        }
    }

    /// The local (Asia/Shanghai) day of `instant`, `YYYY-MM-DD`, the form licences are compared in.
    static func localDay(_ instant: Date) -> String {
        ChinaLocalDate(containing: instant).description
    }
}
