import Foundation

/// The parts of manifests' `waste.manifest.completed` payload that plan indicators #17 and #18 need.
struct ManifestCompletionPayload: Decodable, Sendable {
    /// The manifest, for its number.
    struct Manifest: Decodable, Sendable {
        /// The 14-digit manifest number.
        var number: String
    }

    /// The tonnes of one completion.
    struct Figures: Decodable, Sendable {
        /// Calendar year of the completion.
        var year: Int
        /// County of the consignor.
        var county: String
        /// Industrial hazardous waste, tonnes.
        var hazardousTonnes: String
        /// Of which utilised.
        var hazardousUtilisedTonnes: String
        /// Of which disposed.
        var hazardousDisposedTonnes: String
        /// Medical waste, tonnes.
        var medicalTonnes: String
        /// Of which treated harmlessly.
        var medicalTreatedTonnes: String
    }

    /// The manifest.
    var manifest: Manifest
    /// Present on completion.
    var indicators: Figures?
}
