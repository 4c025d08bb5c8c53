import Domain
import Foundation

/// The payload of `measurement.batch` and `measurement.revised` events on `measurement.<kind>.<MN>`.
struct MeasurementEvent: Codable, Sendable, Equatable {
    /// One value in the event.
    struct Value: Codable, Sendable, Equatable {
        /// The 2017 factor code.
        var factor: String
        /// The statistic (`Rtd`, `Avg`, …).
        var statistic: String
        /// The value, exact decimal text.
        var value: String
        /// The unit, when known.
        var unit: String?
        /// The data flag, when sent.
        var flag: String?
        /// The value before the correction (`measurement.revised` only).
        var previousValue: String?
        /// The flag before the correction (`measurement.revised` only).
        var previousFlag: String?
    }

    /// The station MN.
    var station: String
    /// The station kind.
    var kind: StationKind
    /// The HJ 212 system code of the station.
    var st: String
    /// The department owning the station.
    var department: String
    /// What span the values cover.
    var periodKind: PeriodKind
    /// The start of the span, UTC (also the event time).
    var periodStart: Date
    /// How the values arrived: `hj212`, `json` or `csv`.
    var source: String
    /// The values.
    var readings: [Value]

    /// The type of a batch of new readings.
    static let batchType = EventType("measurement.batch")
    /// The type of corrections of stored readings.
    static let revisedType = EventType("measurement.revised")

    /// The payload as the bus's encoder would write it (sorted keys, absent optionals left out),
    /// written directly: ingest publishes one per upload, inside its write transaction.
    func jsonData() -> Data {
        var json = JSONWriter(capacity: 200 + readings.count * 80)
        json.raw(#"{"department":"#)
        json.string(department)
        json.raw(#","kind":"#)
        json.string(kind.rawValue)
        json.raw(#","periodKind":"#)
        json.string(periodKind.rawValue)
        json.raw(#","periodStart":"#)
        json.time(periodStart)
        json.raw(#","readings":["#)
        for (index, reading) in readings.enumerated() {
            json.raw(index == 0 ? #"{"factor":"# : #",{"factor":"#)
            json.string(reading.factor)
            if let flag = reading.flag {
                json.raw(#","flag":"#)
                json.string(flag)
            }
            if let previousFlag = reading.previousFlag {
                json.raw(#","previousFlag":"#)
                json.string(previousFlag)
            }
            if let previousValue = reading.previousValue {
                json.raw(#","previousValue":"#)
                json.string(previousValue)
            }
            json.raw(#","statistic":"#)
            json.string(reading.statistic)
            if let unit = reading.unit {
                json.raw(#","unit":"#)
                json.string(unit)
            }
            json.raw(#","value":"#)
            json.string(reading.value)
            json.raw("}")
        }
        json.raw(#"],"source":"#)
        json.string(source)
        json.raw(#","st":"#)
        json.string(st)
        json.raw(#","station":"#)
        json.string(station)
        json.raw("}")
        return json.data
    }
}
