import Foundation

/// What emergency reads of a manifests `waste.anomaly.<kind>` / `waste.anomaly.<kind>.resolved` payload
/// (`AnomalyEvent` in Services/Manifests/openapi.yaml); other fields are ignored.
struct WasteAnomaly: Decodable, Sendable, Equatable {
    /// A party of the manifest.
    struct Party: Decodable, Sendable, Equatable {
        /// Unified social credit code.
        var uscc: String
        /// Registered name.
        var name: String
        /// County code of the site.
        var county: String
    }

    /// The manifest concerned.
    struct Manifest: Decodable, Sendable, Equatable {
        /// The 14-digit number.
        var number: String
        /// 移出人.
        var consignor: Party
        /// 承运人.
        var carrier: Party
        /// 接受人.
        var receiver: Party
        /// Whether it carries medical waste (health must hear).
        var medical: Bool
        /// Waste codes.
        var codes: [String]
        /// Vehicle plate, when known.
        var vehiclePlate: String?
    }

    /// The anomaly's id in manifests.
    var id: Int64
    /// Its kind, e.g. `transit_too_long`.
    var kind: String
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
    /// The manifest.
    var manifest: Manifest
}
