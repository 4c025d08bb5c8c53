/// What one simulated device uploads: who it is, and the CP fields of each hour.
protocol HourlySource: Sendable {
    /// Its MN.
    var mn: String { get }
    /// Its password.
    var password: String { get }
    /// The HJ 212 system code.
    var st: String { get }
    /// A small number that varies QNs and random seeds between devices.
    var index: Int { get }

    /// The CP fields (after DataTime) of hour `hour` of a run (0 = the run's first hour), whose local
    /// (Asia/Shanghai) hour of day is `localHour`.
    func hourlyFields(hour: Int, localHour: Int) -> String
}

extension SimulatedStation: HourlySource {}
