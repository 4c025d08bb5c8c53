/// The body of `POST /v1/enterprises`.
struct EnterpriseInput: Codable, Sendable {
    /// Unified social credit code (checked).
    var uscc: String
    /// Registered name.
    var name: String
    /// County code of the site, 6 digits.
    var county: String
    /// Roles it may play.
    var roles: [EnterpriseRole]
}

/// The body of `POST /v1/enterprises/{uscc}/receiver-licences`.
struct ReceiverLicenceInput: Codable, Sendable {
    /// Licence number.
    var number: String
    /// First valid day `YYYY-MM-DD`.
    var validFrom: String
    /// Last valid day `YYYY-MM-DD`.
    var validUntil: String
    /// Annual capacity in tonnes, a decimal string.
    var annualCapacityTonnes: String
    /// Permitted codes.
    var permittedCodes: [String]
}

/// The body of `POST /v1/enterprises/{uscc}/carrier-licences`.
struct CarrierLicenceInput: Codable, Sendable {
    /// Licence number.
    var number: String
    /// First valid day `YYYY-MM-DD`.
    var validFrom: String
    /// Last valid day `YYYY-MM-DD`.
    var validUntil: String
}

/// The body of `POST /v1/enterprises/{uscc}/vehicles`.
struct VehicleInput: Codable, Sendable {
    /// Number plate.
    var plate: String
    /// Operating permit number.
    var permitNumber: String
    /// Last valid day of the permit `YYYY-MM-DD`.
    var validUntil: String
}

/// The body of `PUT /v1/enterprises/{uscc}/plans/{year}`.
struct PlanInput: Codable, Sendable {
    /// One declared code and quantity.
    struct Line: Codable, Sendable {
        /// Waste code.
        var code: String
        /// Quantity in tonnes, a decimal string.
        var quantityTonnes: String
    }

    /// The declared lines.
    var lines: [Line]
}

/// An enterprise with everything registered for it.
struct EnterpriseDetail: Codable, Sendable {
    /// The enterprise.
    var enterprise: Enterprise
    /// Its receiver licences.
    var receiverLicences: [ReceiverLicence]
    /// Its carrier licences.
    var carrierLicences: [CarrierLicence]
    /// Its vehicles.
    var vehicles: [Vehicle]
    /// Its annual plans.
    var plans: [AnnualPlan]
}
