import Foundation
import Hummingbird
import ServiceKit

/// `/v1/enterprises…` (registry, written by the bureau) and `/v1/catalogue…` (the waste list).
struct RegistryController: Sendable {
    /// The store.
    let store: ManifestsStore
    /// The clock.
    let now: @Sendable () -> Date

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        let enterprises = router.group("v1/enterprises")
        enterprises.get { _, context in
            _ = try context.requireCaller()
            return try jsonResponse(try await store.enterprises())
        }
        enterprises.post { request, context in
            try requireBureauAdmin(context)
            let input = try await request.decodeJSON(EnterpriseInput.self)
            return try jsonResponse(try await store.registerEnterprise(input, now: now()), status: .created)
        }
        enterprises.get(":uscc") { _, context in
            let caller = try context.requireCaller()
            let uscc = try context.parameters.require("uscc")
            if case .enterprise(let own) = Party(caller), own != uscc {
                throw Problem(status: .forbidden, title: "an enterprise sees only its own registration")
            }
            guard let detail = try await store.enterpriseDetail(uscc: uscc) else {
                throw Problem(status: .notFound, title: "no enterprise '\(uscc)' is registered")
            }
            return try jsonResponse(detail)
        }
        enterprises.post(":uscc/receiver-licences") { request, context in
            try requireBureauAdmin(context)
            let input = try await request.decodeJSON(ReceiverLicenceInput.self)
            let uscc = try context.parameters.require("uscc")
            return try jsonResponse(try await store.addReceiverLicence(uscc: uscc, input, now: now()), status: .created)
        }
        enterprises.post(":uscc/carrier-licences") { request, context in
            try requireBureauAdmin(context)
            let input = try await request.decodeJSON(CarrierLicenceInput.self)
            let uscc = try context.parameters.require("uscc")
            return try jsonResponse(try await store.addCarrierLicence(uscc: uscc, input, now: now()), status: .created)
        }
        enterprises.post(":uscc/vehicles") { request, context in
            try requireBureauAdmin(context)
            let input = try await request.decodeJSON(VehicleInput.self)
            let uscc = try context.parameters.require("uscc")
            return try jsonResponse(try await store.addVehicle(uscc: uscc, input, now: now()), status: .created)
        }
        enterprises.put(":uscc/plans/:year") { request, context in
            let caller = try context.requireCaller(.operator_)
            let uscc = try context.parameters.require("uscc")
            let year = try context.parameters.require("year", as: Int.self)
            switch Party(caller) {
            case .bureau: break
            case .enterprise(let own) where own == uscc: break
            default: throw Problem(status: .forbidden, title: "a plan is declared by its consignor or the bureau")
            }
            let input = try await request.decodeJSON(PlanInput.self)
            return try jsonResponse(try await store.declarePlan(uscc: uscc, year: year, input, now: now()))
        }

        let catalogue = router.group("v1/catalogue")
        catalogue.get { request, context in
            _ = try context.requireCaller()
            let category = request.uri.queryParameters.get("category")
            let medical = request.uri.queryParameters.get("medical") == "true"
            let codes = store.catalogue.codes.filter { code in
                (category.map { code.category == $0 } ?? true) && (!medical || code.isMedical)
            }
            return try jsonResponse(codes.map(CatalogueEntry.init))
        }
        catalogue.get(":code") { _, context in
            _ = try context.requireCaller()
            let code = try context.parameters.require("code")
            guard let entry = store.catalogue.entry(for: code) else {
                throw Problem(
                    status: .notFound, title: "unknown waste code '\(code)'",
                    detail: "not on the National Hazardous Waste List (2021)")
            }
            return try jsonResponse(CatalogueEntry(entry))
        }
    }

    private func requireBureauAdmin(_ context: ServiceRequestContext) throws {
        let caller = try context.requireCaller(.admin)
        guard Party(caller) == .bureau else {
            throw Problem(status: .forbidden, title: "the registry is kept by the bureau")
        }
    }
}

/// A catalogue entry as the API shows it.
struct CatalogueEntry: Codable, Sendable {
    /// The code.
    var code: String
    /// The category.
    var category: String
    /// The category's name.
    var categoryName: String
    /// The industry code.
    var industryCode: String
    /// Description.
    var description: String
    /// Characteristics.
    var characteristics: [String]
    /// Medical waste, followed by the health department.
    var medical: Bool

    /// The view of `entry`.
    init(_ entry: WasteCode) {
        code = entry.code
        category = entry.category
        categoryName = entry.categoryName
        industryCode = entry.industryCode
        description = entry.description
        characteristics = entry.characteristics
        medical = entry.isMedical
    }
}
