import Domain

/// Why the ingest service refused a packet that decoded: a stable reason code and a message.
struct IngestRefusal: Error, Sendable, Equatable {
    /// Stable reason codes beyond the codec's own `HJ212RefusalReason` ones.
    enum Reason: String, Sendable {
        /// The packet has no MN.
        case missingMN = "missing_mn"
        /// No station in the registry has the packet's MN.
        case unknownStation = "unknown_station"
        /// The PW does not match the registry.
        case wrongPassword = "wrong_password"
        /// The station is disabled in the registry.
        case stationDisabled = "station_disabled"
        /// A data upload without a usable DataTime.
        case missingDataTime = "missing_data_time"
    }

    /// The reason code as stored and reported.
    let code: String
    /// A human explanation.
    let message: String

    /// Makes a refusal with one of the service's reasons.
    init(_ reason: Reason, _ message: String) {
        code = reason.rawValue
        self.message = message
    }

    /// Makes a refusal with a codec reason (used when a leniency was needed that the station is not allowed).
    init(_ reason: HJ212RefusalReason, _ message: String) {
        code = reason.rawValue
        self.message = message
    }

    /// The strict-mode reason a packet would have got without `leniency`.
    static func reason(forLeniency leniency: HJ212Options) -> HJ212RefusalReason {
        switch leniency {
        case .modbusCRC: .badCRC
        case .missingTail, .lfOnlyTail: .badTail
        case .oversize: .lengthOverLimit
        case .lengthMismatch: .badLength
        case .keyCase, .unknownHeaderField: .unknownField
        case .splitMismatch: .splitMismatch
        default: .badField
        }
    }
}
