import Domain
import Foundation

/// One simulated field device: its registry entry and the hourly values its scenario produces.
struct SimulatedStation: Sendable {
    /// What it imitates.
    enum Kind: String, Sendable {
        /// An ambient air station (ST 22).
        case air
        /// A surface-water station (ST 21).
        case water
        /// A flue-gas online monitor of a polluter (ST 31).
        case emission
    }

    /// Its MN.
    let mn: String
    /// Its password.
    let password: String
    /// What it imitates.
    let kind: Kind
    /// Its index among the simulated stations (varies the curves).
    let index: Int
    /// The scenario it follows.
    let scenario: SimulationScenario

    /// Makes station `index` of a run.
    init(index: Int, prefix: String, scenario: SimulationScenario) {
        self.index = index
        let kinds: [Kind] = [.air, .water, .emission]
        kind = kinds[index % kinds.count]
        mn = "\(prefix)\(kind.rawValue.prefix(1).uppercased())\(String(format: "%05d", index))"
        password = "pw\(index)"
        self.scenario = scenario
    }

    /// The HJ 212 system code.
    var st: String {
        switch kind {
        case .air: "22"
        case .water: "21"
        case .emission: "31"
        }
    }

    /// The registry body for `POST /v1/stations`.
    var registryJSON: [String: Any] {
        [
            "mn": mn, "password": password, "name": "Simulated \(kind.rawValue) \(index)",
            "kind": kind.rawValue, "st": st, "longitude": 113.1 + Double(index % 50) * 0.004,
            "latitude": 27.8 + Double(index / 50) * 0.004, "county": "Simulated", "department": "bureau",
        ]
    }

    /// The CP fields (after DataTime) of hour `hour` (0 = the run's first hour, local time `localHour`).
    func hourlyFields(hour: Int, localHour: Int) -> String {
        var random = SplitMixRandom(seed: UInt64(index) &* 1_000_003 &+ UInt64(hour))
        let day = hour / 24
        func jitter(_ amount: Double) -> Double { (random.nextUnit() - 0.5) * 2 * amount }
        func text(_ value: Double, _ decimals: Int = 1) -> String { DecimalText.fixed(value, decimals: decimals) }
        let phase = Double(localHour) / 24 * 2 * Double.pi
        switch kind {
        case .air:
            var pm25 = 35 + 15 * cos(phase - 2 * Double.pi * 8 / 24 + Double.pi) + jitter(5) + Double(index % 7)
            if scenario == .episode { pm25 *= 1 + Double(day) * 0.6 }
            if scenario == .rain, (12..<18).contains(localHour) { pm25 *= 0.45 }
            pm25 = max(pm25, 3)
            let pm10 = pm25 * 1.6 + jitter(4)
            let ozone = max(5, 70 + 55 * sin(phase - 2 * Double.pi * 9 / 24) + jitter(6))
            let no2 = max(3, 30 + 12 * cos(phase * 2) + jitter(3))
            let so2 = max(2, 9 + jitter(2))
            let co = max(0.2, 0.8 + 0.3 * cos(phase) + jitter(0.1))
            return [
                "a34004-Avg=\(text(pm25)),a34004-Flag=N", "a34002-Avg=\(text(pm10)),a34002-Flag=N",
                "a05024-Avg=\(text(ozone)),a05024-Flag=N", "a21004-Avg=\(text(no2)),a21004-Flag=N",
                "a21026-Avg=\(text(so2)),a21026-Flag=N", "a21005-Avg=\(text(co, 2)),a21005-Flag=N",
            ].joined(separator: ";")
        case .water:
            let contaminated = scenario == .waterContamination && hour >= 24 && index % 2 == 1
            let ammonia = contaminated ? 2.4 + jitter(0.3) : 0.35 + jitter(0.05)
            let cod = contaminated ? 38 + jitter(4) : 14 + jitter(2)
            let oxygen = max(0.5, (contaminated ? 3.1 : 7.2) + 0.8 * sin(phase - Double.pi / 2) + jitter(0.2))
            return [
                "w01001-Avg=\(text(7.4 + jitter(0.2), 2)),w01001-Flag=N", "w01009-Avg=\(text(oxygen, 2)),w01009-Flag=N",
                "w01018-Avg=\(text(cod)),w01018-Flag=N", "w21003-Avg=\(text(ammonia, 3)),w21003-Flag=N",
            ].joined(separator: ";")
        case .emission:
            let producing = (7..<22).contains(localHour)
            let treatmentOff = scenario == .facilityOff && producing && hour >= 12
            let so2 = producing ? (treatmentOff ? 420 + jitter(40) : 28 + jitter(6)) : 5 + jitter(1)
            let nox = producing ? (treatmentOff ? 260 + jitter(20) : 45 + jitter(5)) : 8 + jitter(1)
            let flow = producing ? 120_000 + jitter(8000) : 20_000 + jitter(2000)
            return [
                "a21026-Avg=\(text(so2)),a21026-ZsAvg=\(text(so2 * 1.1)),a21026-Cou=\(text(so2 * flow / 1e6, 3)),a21026-Flag=N",
                "a21002-Avg=\(text(nox)),a21002-ZsAvg=\(text(nox * 1.1)),a21002-Flag=N",
                "a00000-Avg=\(text(flow, 0)),a00000-Flag=N", "a19001-Avg=\(text(9.5 + jitter(0.5)))",
                "SB1-RS=\(treatmentOff ? 0 : 1)", "SB2-RS=\(producing ? 1 : 0)",
            ].joined(separator: ";")
        }
    }
}
