import Configuration
import Foundation

/// The `indicators` service's own settings (beyond `ServiceSettings`).
///
/// Keys (environment: upper case with underscores, e.g. `INDICATORS_CITY_CODE`):
/// - `indicators.cityCode` (string, default `430200`, Zhuzhou): the city whose air stations make the city values.
/// - `indicators.offlineScanSeconds` (int, default 60): time between station-offline evaluations.
struct IndicatorsSettings: Sendable {
    /// The 6-digit code of the city.
    var cityCode: String
    /// Time between station-offline evaluations.
    var offlineScanInterval: Duration

    /// Defaults, for tests.
    init(cityCode: String = "430200", offlineScanInterval: Duration = .seconds(60)) {
        self.cityCode = cityCode
        self.offlineScanInterval = offlineScanInterval
    }

    /// Reads every key from `reader` (scoped to the root).
    init(reader: ConfigReader) {
        cityCode = reader.string(forKey: "indicators.cityCode", default: "430200")
        offlineScanInterval = .seconds(max(1, reader.int(forKey: "indicators.offlineScanSeconds", default: 60)))
    }
}
