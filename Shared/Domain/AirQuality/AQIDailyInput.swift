import Foundation

/// The daily statistics of one site for a daily report (日报); leave unmeasured items nil.
public struct AQIDailyInput: Sendable, Hashable, Codable {
    /// SO2 24-hour mean.
    public var so2: AirConcentration?
    /// NO2 24-hour mean.
    public var no2: AirConcentration?
    /// CO 24-hour mean (normally mg/m³).
    public var co: AirConcentration?
    /// PM10 24-hour mean.
    public var pm10: AirConcentration?
    /// PM2.5 24-hour mean.
    public var pm25: AirConcentration?
    /// O3 daily maximum 1-hour mean (indexed under HJ 633—2012 only).
    public var o3MaximumOneHour: AirConcentration?
    /// O3 daily maximum 8-hour moving mean.
    public var o3MaximumEightHour: AirConcentration?

    /// Creates a daily input; every item defaults to not measured.
    public init(
        so2: AirConcentration? = nil, no2: AirConcentration? = nil, co: AirConcentration? = nil,
        pm10: AirConcentration? = nil, pm25: AirConcentration? = nil,
        o3MaximumOneHour: AirConcentration? = nil, o3MaximumEightHour: AirConcentration? = nil
    ) {
        self.so2 = so2
        self.no2 = no2
        self.co = co
        self.pm10 = pm10
        self.pm25 = pm25
        self.o3MaximumOneHour = o3MaximumOneHour
        self.o3MaximumEightHour = o3MaximumEightHour
    }
}
