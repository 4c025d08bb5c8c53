import Foundation

/// One line of a draft.
struct LineInput: Codable, Sendable {
    /// Waste code, `XXX-YYY-ZZ` or 8 digits.
    var code: String
    /// The consignor's name for the waste (defaults to the list's description).
    var name: String?
    /// Physical form.
    var form: String
    /// Packaging.
    var packaging: String
    /// Pieces (packages).
    var pieces: Int
    /// Planned quantity, a decimal string.
    var plannedQuantity: String
    /// `t` or `kg`.
    var unit: String
}

/// The body of `POST /v1/manifests` and `PUT /v1/manifests/{number}` (a draft).
struct DraftInput: Codable, Sendable {
    /// The consignor's own reference; a second creation with it returns the first manifest.
    var reference: String?
    /// 承运人.
    var carrierUscc: String
    /// 接受人.
    var receiverUscc: String
    /// The vehicle planned for the trip.
    var vehiclePlate: String?
    /// When utilisation or disposal must be done (UTC); default: pick-up plus the configured days.
    var disposalDeadline: Date?
    /// The lines.
    var lines: [LineInput]
}

/// A signature: who signed.
struct SignInput: Codable, Sendable {
    /// The person signing.
    var signer: String
}

/// The body of `POST …/cancel`.
struct CancelInput: Codable, Sendable {
    /// The person cancelling.
    var signer: String
    /// Why.
    var reason: String
}

/// The body of `POST …/pickup`.
struct PickupInput: Codable, Sendable {
    /// The person signing for the carrier.
    var signer: String
    /// The vehicle actually used (default: the one in the manifest).
    var vehiclePlate: String?
    /// The driver.
    var driver: String
}

/// Where rejected waste goes.
struct RejectionRoute: Codable, Sendable {
    /// `return` (to the consignor) or `onward` (to another receiver).
    var kind: ManifestKind
    /// The other receiver, for `onward`.
    var receiverUscc: String?
    /// Why it was refused.
    var note: String
}

/// The body of `POST …/receive`.
struct ReceiveInput: Codable, Sendable {
    /// One weighed line.
    struct Line: Codable, Sendable {
        /// Line number.
        var line: Int
        /// Weighed quantity, in the line's unit.
        var actualQuantity: String
        /// Counted pieces.
        var actualPieces: Int
        /// Refused part, in the line's unit (partial rejection).
        var rejectedQuantity: String?
    }

    /// The person signing for the receiver.
    var signer: String
    /// Every line of the manifest, weighed.
    var lines: [Line]
    /// Where a refused part goes (required when any part is refused).
    var rejection: RejectionRoute?
}

/// The body of `POST …/reject` (full rejection).
struct RejectInput: Codable, Sendable {
    /// The person signing for the receiver.
    var signer: String
    /// Where the waste goes.
    var rejection: RejectionRoute
}

/// The body of `POST …/complete`.
struct CompleteInput: Codable, Sendable {
    /// The method of one line.
    struct Line: Codable, Sendable {
        /// Line number.
        var line: Int
        /// `utilisation` or `disposal`.
        var method: String
        /// The receiver's method code (R1…, D1…).
        var methodCode: String?
    }

    /// The person signing for the receiver.
    var signer: String
    /// Method for every line not listed in `lines`.
    var method: String?
    /// Per-line methods.
    var lines: [Line]?
}

/// The body of `POST …/corrections`.
struct CorrectionInput: Codable, Sendable {
    /// A corrected line: only the fields given change.
    struct Line: Codable, Sendable {
        /// Line number.
        var line: Int
        /// Name.
        var name: String?
        /// Form.
        var form: String?
        /// Packaging.
        var packaging: String?
        /// Pieces.
        var pieces: Int?
        /// Planned quantity.
        var plannedQuantity: String?
        /// Weighed quantity (only once received).
        var actualQuantity: String?
        /// Counted pieces (only once received).
        var actualPieces: Int?
    }

    /// Why the correction is made (required).
    var reason: String
    /// The person signing the correction.
    var signer: String
    /// The corrected lines.
    var lines: [Line]
}

/// The body of `POST /v1/anomalies/{id}/resolve`.
struct ResolveInput: Codable, Sendable {
    /// How it was resolved (required).
    var note: String
}

/// A manifest with its lines, versions, history, warnings and anomalies.
struct ManifestDetail: Codable, Sendable {
    /// The summary.
    var manifest: ManifestSummary
    /// Signed versions, oldest first.
    var versions: [ManifestVersion]
    /// Audit trail, oldest first.
    var history: [ManifestAudit]
    /// Recorded warnings.
    var warnings: [ManifestWarning]
    /// Anomalies.
    var anomalies: [Anomaly]
}

/// Rules of the lifecycle that are configuration.
struct LifecycleRules: Sendable {
    /// Relative weight tolerance before a discrepancy is an anomaly (0.10 = 10 %).
    var weightTolerance: Decimal = Decimal(sign: .plus, exponent: -1, significand: 1)
    /// Default disposal deadline after pick-up, when the draft names none.
    var disposalDays: Int = 30
    /// Longest time in transit before an anomaly.
    var transitLimit: TimeInterval = 72 * 3600
    /// Working days after pick-up within which the receiver must confirm.
    var confirmationWorkingDays: Int = 5
}
