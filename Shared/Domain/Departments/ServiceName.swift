/// The five Greenheart services, with their fixed, documented local defaults.
public enum ServiceName: String, CaseIterable, Sendable, Codable {
    case ingest, indicators, manifests, emergency, notifier

    /// Position in the port plan: ingest 1 … notifier 5.
    public var ordinal: Int {
        switch self {
        case .ingest: 1
        case .indicators: 2
        case .manifests: 3
        case .emergency: 4
        case .notifier: 5
        }
    }

    /// Default HTTP port: 8081–8085.
    public var defaultHTTPPort: Int { 8080 + ordinal }

    /// Default PUB port: 7081–7085.
    public var defaultPublishPort: Int { 7080 + ordinal }

    /// Default replay port: 7181–7185.
    public var defaultReplayPort: Int { 7180 + ordinal }

    /// The services this one listens to on the bus, and the topic prefixes it wants.
    public var defaultSubscriptions: (upstreams: [ServiceName], prefixes: [String]) {
        switch self {
        case .ingest, .manifests: ([], [])
        case .indicators: ([.ingest, .manifests], ["measurement.", "waste.manifest.completed"])
        case .emergency: ([.indicators, .manifests], ["breach.", "aqi.city.", "waste.anomaly."])
        case .notifier: ([.emergency, .manifests, .indicators], ["emergency.incident.", "waste.", "breach."])
        }
    }
}
