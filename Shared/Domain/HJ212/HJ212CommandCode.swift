import Foundation

/// Well-known CN command codes (2017 table 10 and the 2005 ones a receiver still meets), as integers.
public enum HJ212CommandCode: Sendable {
    /// 1000: set timeout and retry count.
    public static let setTimeoutAndRetry = 1000
    /// 1011: get or upload the device time.
    public static let deviceTime = 1011
    /// 1012: set the device time.
    public static let setDeviceTime = 1012
    /// 1013: the device asks for time calibration (2017).
    public static let timeCalibrationRequest = 1013
    /// 1061: get or upload the real-time data interval.
    public static let realTimeInterval = 1061
    /// 1062: set the real-time data interval.
    public static let setRealTimeInterval = 1062
    /// 1063: get or upload the minute-data interval (2017).
    public static let minuteInterval = 1063
    /// 1064: set the minute-data interval (2017).
    public static let setMinuteInterval = 1064
    /// 1072: set the access password.
    public static let setPassword = 1072
    /// 2011: real-time data (start request or upload).
    public static let realTimeData = 2011
    /// 2012: stop real-time data.
    public static let stopRealTimeData = 2012
    /// 2021: facility run state (start request or upload).
    public static let runState = 2021
    /// 2022: stop facility run state.
    public static let stopRunState = 2022
    /// 2031: daily data.
    public static let dailyData = 2031
    /// 2041: facility run-time daily data.
    public static let runTimeDailyData = 2041
    /// 2051: minute data.
    public static let minuteData = 2051
    /// 2061: hourly data.
    public static let hourlyData = 2061
    /// 2081: logger power-on time (2017).
    public static let restartTime = 2081
    /// 3020: site information (logs, states, parameters).
    public static let siteInfo = 3020
    /// 9011: request answer.
    public static let requestAnswer = 9011
    /// 9012: execution result.
    public static let executionResult = 9012
    /// 9013: notice answer.
    public static let noticeAnswer = 9013
    /// 9014: data answer.
    public static let dataAnswer = 9014
    /// 9015: heartbeat (2025, from implementations).
    public static let heartbeat = 9015

    /// Device uploads that ask for a 9014 data answer when their Flag A bit is set.
    public static let uploads: Set<Int> = [2011, 2021, 2031, 2041, 2051, 2061, 2081, 3020]

    /// Short English names for the codes above and the 2005-only ones.
    public static let names: [Int: String] = [
        1000: "set timeout and retry", 1001: "set alarm time (2005)", 1011: "device time", 1012: "set device time",
        1013: "time calibration request", 1021: "get alarm limits (2005)", 1022: "set alarm limits (2005)",
        1031: "get platform address (2005)", 1032: "set platform address (2005)", 1041: "get report time (2005)",
        1042: "set report time (2005)", 1061: "real-time interval", 1062: "set real-time interval",
        1063: "minute interval", 1064: "set minute interval", 1072: "set password", 2011: "real-time data",
        2012: "stop real-time data", 2021: "run state", 2022: "stop run state", 2031: "daily data",
        2041: "run-time daily data", 2051: "minute data", 2061: "hourly data", 2071: "alarm records (2005)",
        2072: "alarm event (2005)", 2081: "logger power-on time", 3011: "zero/span calibration",
        3012: "immediate sampling", 3013: "start cleaning/back-blowing", 3014: "comparison sampling",
        3015: "over-limit sample retention", 3016: "set sampling period", 3017: "get sampling period",
        3018: "sample output time", 3019: "instrument id", 3020: "site information", 3021: "set site parameters",
        9011: "request answer", 9012: "execution result", 9013: "notice answer", 9014: "data answer",
        9015: "heartbeat (2025)",
    ]

    /// The name of a CN, or nil when it is not in the table.
    public static func name(for command: Int) -> String? {
        names[command]
    }
}
