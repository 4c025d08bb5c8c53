import Foundation

/// A party as shown in summaries: code, name, county.
struct PartySummary: Codable, Sendable, Equatable {
    /// Unified social credit code.
    var uscc: String
    /// Registered name.
    var name: String
    /// County code of the site.
    var county: String
}

/// A line as shown in summaries and events; quantities are exact decimal strings in `unit`.
struct LineSummary: Codable, Sendable, Equatable {
    /// Line number.
    var line: Int
    /// Waste code.
    var code: String
    /// Category `HWZZ`.
    var category: String
    /// Name of the waste.
    var name: String
    /// Physical form.
    var form: String
    /// Packaging.
    var packaging: String
    /// Planned pieces.
    var pieces: Int
    /// Planned quantity.
    var plannedQuantity: String
    /// Unit of every quantity of the line.
    var unit: String
    /// Weighed quantity.
    var actualQuantity: String?
    /// Counted pieces.
    var actualPieces: Int?
    /// Refused quantity.
    var rejectedQuantity: String?
    /// `utilisation` or `disposal`.
    var method: String?
    /// The receiver's method code.
    var methodCode: String?
}

/// What plan indicators #17 (industrial hazardous waste disposal) and #18 (medical waste harmless
/// disposal) need from a completed manifest, in tonnes.
struct IndicatorFigures: Codable, Sendable, Equatable {
    /// Local (Asia/Shanghai) year of completion.
    var year: Int
    /// County where the waste was produced.
    var county: String
    /// Industrial (non-HW01) hazardous waste accepted.
    var hazardousTonnes: String
    /// Of which utilised.
    var hazardousUtilisedTonnes: String
    /// Of which disposed of.
    var hazardousDisposedTonnes: String
    /// Medical (HW01) waste accepted.
    var medicalTonnes: String
    /// Of which harmlessly disposed of or utilised.
    var medicalTreatedTonnes: String
}

/// The manifest summary every `waste.` event carries and the API returns.
struct ManifestSummary: Codable, Sendable, Equatable {
    /// The 14-digit number.
    var number: String
    /// Ordinary, return or onward.
    var kind: ManifestKind
    /// The manifest whose rejection started this one.
    var parentNumber: String?
    /// The state now.
    var state: ManifestState
    /// The version now.
    var version: Int
    /// 移出人.
    var consignor: PartySummary
    /// 承运人.
    var carrier: PartySummary
    /// 接受人.
    var receiver: PartySummary
    /// Vehicle plate.
    var vehiclePlate: String?
    /// Driver.
    var driver: String?
    /// Whether it carries medical waste (for the health department).
    var medical: Bool
    /// Distinct codes, sorted.
    var codes: [String]
    /// The lines.
    var lines: [LineSummary]
    /// Planned total in tonnes.
    var plannedTonnes: String
    /// Weighed total in tonnes, once received.
    var actualTonnes: String?
    /// Disposal deadline (UTC).
    var disposalDeadline: Date?
    /// Timestamps (UTC).
    var createdAt: Date
    /// When the consignor signed.
    var submittedAt: Date?
    /// When the carrier signed at pick-up.
    var pickedUpAt: Date?
    /// When the receiver signed.
    var receivedAt: Date?
    /// When completed.
    var completedAt: Date?
    /// When cancelled or rejected.
    var closedAt: Date?
}

/// The payload of a `waste.manifest.<state>` event.
struct ManifestTransitionEvent: Codable, Sendable, Equatable {
    /// What was done: create, submit, cancel, pickup, receive, reject, complete, correct.
    var action: String
    /// State before (nil on creation).
    var fromState: ManifestState?
    /// State after.
    var toState: ManifestState
    /// Who acted (token department).
    var actor: String
    /// Who signed.
    var signer: String?
    /// When (UTC).
    var at: Date
    /// Reason or note.
    var note: String?
    /// Linked manifest started by a rejection.
    var linkedNumber: String?
    /// The manifest after the transition.
    var manifest: ManifestSummary
    /// On completion: what indicators #17 and #18 need.
    var indicators: IndicatorFigures?
}

/// The payload of a `waste.anomaly.<kind>` event (detection) and of its `.resolved` event.
struct AnomalyEvent: Codable, Sendable, Equatable {
    /// The anomaly's id.
    var id: Int64
    /// Its kind.
    var kind: AnomalyKind
    /// Detected (UTC).
    var detectedAt: Date
    /// What exactly.
    var detail: String
    /// Resolved (UTC), on resolution.
    var resolvedAt: Date?
    /// Who resolved it.
    var resolvedBy: String?
    /// Resolution note.
    var resolutionNote: String?
    /// The manifest concerned.
    var manifest: ManifestSummary
}
