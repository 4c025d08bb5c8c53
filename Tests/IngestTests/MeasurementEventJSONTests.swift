import Domain
import Foundation
import Testing

@testable import Ingest

@Suite("Measurement event payload written by hand")
struct MeasurementEventJSONTests {
    static let events: [MeasurementEvent] = [
        MeasurementEvent(
            station: "430200001", kind: .air, st: "22", department: "bureau", periodKind: .hour,
            periodStart: Date(timeIntervalSince1970: 1_710_468_000), source: "hj212",
            readings: [
                .init(factor: "a34004", statistic: "Avg", value: "35.2", unit: "μg/m³", flag: "N"),
                .init(factor: "a21005", statistic: "Avg", value: "0.8", unit: nil, flag: nil),
            ]),
        MeasurementEvent(
            station: "水站\"1\"\\", kind: .water, st: "21", department: "water\n", periodKind: .day,
            periodStart: Date(timeIntervalSince1970: 1_710_460_800.123), source: "csv",
            readings: [
                .init(
                    factor: "w01018", statistic: "Avg", value: "-12", unit: "mg/L", flag: "T", previousValue: "11",
                    previousFlag: "N")
            ]),
        MeasurementEvent(
            station: "M1", kind: .noise, st: "23", department: "bureau", periodKind: .minute,
            periodStart: Date(timeIntervalSince1970: 0), source: "json", readings: []),
    ]

    @Test("the bytes equal what the bus's JSONEncoder writes, and decode back", arguments: events)
    func sameBytesAsTheEncoder(event: MeasurementEvent) throws {
        let fast = event.jsonData()
        let reference = try EventEnvelope.makeEncoder().encode(event)
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
        let decoded = try EventEnvelope.makeDecoder().decode(MeasurementEvent.self, from: fast)
        #expect(decoded.readings == event.readings)
        #expect(decoded.station == event.station)
        #expect(abs(decoded.periodStart.timeIntervalSince(event.periodStart)) < 0.001)
    }
}
