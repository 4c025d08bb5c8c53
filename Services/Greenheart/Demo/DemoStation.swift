import Foundation

/// A station of the demo scenario: what it is, and what the air or water does in each phase.
struct DemoStation: HourlySource {
    /// What the data of a run looks like.
    enum Phase: Sendable {
        /// An ordinary day: a diurnal curve, good air, class II water.
        case clean
        /// Fine particles build up hour after hour (a heavy-pollution episode), easing afterwards.
        case episode
        /// Ammonia and COD far above the GB 3838 class III limits, oxygen low (a spill upstream).
        case contaminated
    }

    /// Its MN.
    let mn: String
    /// Its HJ 212 password.
    let password: String
    /// Its HJ 212 system code (22 air, 21 surface water).
    let st: String
    /// Its number in the demo (varies QNs and curves).
    let index: Int
    /// `air` or `water`.
    let kind: String
    /// Its display name.
    let name: String
    /// The phase of this run.
    var phase: Phase = .clean

    /// An ambient air station of the city.
    static func air(_ index: Int, name: String) -> DemoStation {
        DemoStation(
            mn: String(format: "DEMOAIR%02d", index), password: "demo\(index)", st: "22", index: index, kind: "air",
            name: name)
    }

    /// A water station at a drinking-water source.
    static func water(_ index: Int, name: String) -> DemoStation {
        DemoStation(
            mn: String(format: "DEMOWTR%02d", index), password: "demo\(index)", st: "21", index: index, kind: "water",
            name: name)
    }

    /// The same station in another phase.
    func inPhase(_ phase: Phase) -> DemoStation {
        var copy = self
        copy.phase = phase
        return copy
    }

    /// The body of ingest's `POST /v1/stations`.
    var registryJSON: [String: Any] {
        [
            "mn": mn, "password": password, "name": name, "kind": kind, "st": st,
            "longitude": 113.13 + Double(index) * 0.01, "latitude": 27.83 + Double(index) * 0.01, "county": "430202",
            "department": kind == "water" ? "water" : "bureau",
        ]
    }

    /// The CP fields of hour `hour` of a run, by the station's kind and phase.
    func hourlyFields(hour: Int, localHour: Int) -> String {
        let phase = Double(localHour) / 24 * 2 * Double.pi
        // Small, repeatable differences between stations and hours.
        let wobble = sin(Double(hour * 7 + index * 13))
        func text(_ value: Double, _ decimals: Int = 1) -> String { String(format: "%.\(decimals)f", value) }
        if kind == "water" {
            let contaminated = self.phase == .contaminated
            let ammonia = contaminated ? 2.6 + 0.2 * wobble : 0.32 + 0.04 * wobble
            let cod = contaminated ? 31 + 2 * wobble : 12 + wobble
            let oxygen = (contaminated ? 4.2 : 7.6) + 0.5 * sin(phase - Double.pi / 2)
            return [
                "w01001-Avg=\(text(7.4 + 0.1 * wobble, 2)),w01001-Flag=N",
                "w01009-Avg=\(text(oxygen, 2)),w01009-Flag=N",
                "w01018-Avg=\(text(cod)),w01018-Flag=N", "w21003-Avg=\(text(ammonia, 3)),w21003-Flag=N",
            ].joined(separator: ";")
        }
        var pm25: Double
        switch self.phase {
        case .clean, .contaminated: pm25 = 28 + 10 * cos(phase - Double.pi / 3) + 3 * wobble
        // Rises from about 120 to about 350 µg/m³ over the day; a 24-hour mean near 235 is AQI ~285.
        case .episode: pm25 = 120 + 10 * Double(min(hour, 23)) - 8 * Double(max(0, hour - 23)) + 5 * wobble
        }
        pm25 = max(pm25, 5)
        let pm10 = pm25 * 1.35 + 6
        let ozone = max(8, 60 + 45 * sin(phase - 2 * Double.pi * 9 / 24) + 4 * wobble)
        let no2 = 32 + 10 * cos(phase * 2) + 2 * wobble
        return [
            "a34004-Avg=\(text(pm25)),a34004-Flag=N", "a34002-Avg=\(text(pm10)),a34002-Flag=N",
            "a05024-Avg=\(text(ozone)),a05024-Flag=N", "a21004-Avg=\(text(no2)),a21004-Flag=N",
            "a21026-Avg=\(text(9 + wobble)),a21026-Flag=N", "a21005-Avg=\(text(0.8 + 0.1 * wobble, 2)),a21005-Flag=N",
        ].joined(separator: ";")
    }
}
