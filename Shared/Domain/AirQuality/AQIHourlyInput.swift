import Foundation

/// The concentrations of one hour at one site for a real-time report (实时报); leave unmeasured items nil.
public struct AQIHourlyInput: Sendable, Hashable, Codable {
    /// SO2 1-hour mean.
    public var so2OneHour: AirConcentration?
    /// NO2 1-hour mean.
    public var no2OneHour: AirConcentration?
    /// CO 1-hour mean (normally mg/m³).
    public var coOneHour: AirConcentration?
    /// O3 1-hour mean.
    public var o3OneHour: AirConcentration?
    /// O3 8-hour moving mean ending at this hour (indexed under HJ 633—2012 only).
    public var o3EightHourMoving: AirConcentration?
    /// PM10 1-hour mean (indexed on the 24-hour column under 2026; concentration only under 2012).
    public var pm10OneHour: AirConcentration?
    /// PM2.5 1-hour mean (indexed on the 24-hour column under 2026; concentration only under 2012).
    public var pm25OneHour: AirConcentration?
    /// PM10 24-hour moving mean ending at this hour (indexed under HJ 633—2012 only).
    public var pm10TwentyFourHourMoving: AirConcentration?
    /// PM2.5 24-hour moving mean ending at this hour (indexed under HJ 633—2012 only).
    public var pm25TwentyFourHourMoving: AirConcentration?
    /// SO2 24-hour mean, used under HJ 633—2012 only when the SO2 1-hour mean is above 800 µg/m³.
    public var so2TwentyFourHour: AirConcentration?

    /// Creates an hourly input; every item defaults to not measured.
    public init(
        so2OneHour: AirConcentration? = nil, no2OneHour: AirConcentration? = nil,
        coOneHour: AirConcentration? = nil, o3OneHour: AirConcentration? = nil,
        o3EightHourMoving: AirConcentration? = nil,
        pm10OneHour: AirConcentration? = nil, pm25OneHour: AirConcentration? = nil,
        pm10TwentyFourHourMoving: AirConcentration? = nil, pm25TwentyFourHourMoving: AirConcentration? = nil,
        so2TwentyFourHour: AirConcentration? = nil
    ) {
        self.so2OneHour = so2OneHour
        self.no2OneHour = no2OneHour
        self.coOneHour = coOneHour
        self.o3OneHour = o3OneHour
        self.o3EightHourMoving = o3EightHourMoving
        self.pm10OneHour = pm10OneHour
        self.pm25OneHour = pm25OneHour
        self.pm10TwentyFourHourMoving = pm10TwentyFourHourMoving
        self.pm25TwentyFourHourMoving = pm25TwentyFourHourMoving
        self.so2TwentyFourHour = so2TwentyFourHour
    }
}
