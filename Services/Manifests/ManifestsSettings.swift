import Configuration
import Foundation

/// The `manifests` service's own settings (beyond `ServiceSettings`).
///
/// Keys (environment: upper case with underscores, e.g. `MANIFESTS_TRANSIT_LIMIT_HOURS`):
/// - `manifests.weightTolerancePercent` (int, default 10): weighed vs planned difference that is an anomaly.
/// - `manifests.transitLimitHours` (int, default 72): longest time in transit before an anomaly.
/// - `manifests.disposalDays` (int, default 30): disposal deadline after pick-up when the draft names none.
/// - `manifests.confirmationWorkingDays` (int, default 5): working days after pick-up for the receiver to confirm.
/// - `manifests.anomalyScanSeconds` (int, default 60): time between anomaly scans.
/// - `manifests.demoEnterprises` (bool, default true): with the development tokens, also accept
///   `dev-consignor`, `dev-carrier`, `dev-receiver` for the demo enterprises of `DemoEnterprises`.
struct ManifestsSettings: Sendable {
    /// Lifecycle rules.
    var rules: LifecycleRules
    /// Time between anomaly scans.
    var scanInterval: Duration
    /// Whether demo enterprise tokens are added to the development tokens.
    var demoEnterprises: Bool

    /// Defaults, for tests.
    init(rules: LifecycleRules = LifecycleRules(), scanInterval: Duration = .seconds(60), demoEnterprises: Bool = true)
    {
        self.rules = rules
        self.scanInterval = scanInterval
        self.demoEnterprises = demoEnterprises
    }

    /// Reads every key from `reader` (scoped to the root).
    init(reader: ConfigReader) {
        var rules = LifecycleRules()
        rules.weightTolerance =
            Decimal(max(0, reader.int(forKey: "manifests.weightTolerancePercent", default: 10))) / 100
        rules.transitLimit = TimeInterval(max(1, reader.int(forKey: "manifests.transitLimitHours", default: 72))) * 3600
        rules.disposalDays = max(1, reader.int(forKey: "manifests.disposalDays", default: 30))
        rules.confirmationWorkingDays = max(1, reader.int(forKey: "manifests.confirmationWorkingDays", default: 5))
        self.rules = rules
        scanInterval = .seconds(max(1, reader.int(forKey: "manifests.anomalyScanSeconds", default: 60)))
        demoEnterprises = reader.bool(forKey: "manifests.demoEnterprises", default: true)
    }
}
