import Foundation

/// The data flag of a value (`xxxxxx-Flag`): 2017 table 8 plus the 2005-only flags.
public enum HJ212DataFlag: String, Sendable, CaseIterable, Codable {
    /// N: normal.
    case normal = "N"
    /// F: instrument stopped (停运).
    case stopped = "F"
    /// M: maintenance.
    case maintenance = "M"
    /// S: manually set value.
    case manual = "S"
    /// D: instrument fault.
    case fault = "D"
    /// C: calibrating.
    case calibrating = "C"
    /// T: above the upper measuring limit.
    case overRange = "T"
    /// B: instrument-to-logger communication abnormal (2017).
    case communicationAbnormal = "B"
    /// P: power failure (2005 only).
    case powerFailure = "P"
    /// 0: calibration, air-quality stations (2005 only).
    case stationCalibration = "0"
    /// 1: meteorological data, air-quality stations (2005 only).
    case stationMeteorological = "1"
    /// 2: abnormal, air-quality stations (2005 only).
    case stationAbnormal = "2"
    /// 3: normal, air-quality stations (2005 only).
    case stationNormal = "3"

    /// True for the flags that mean the value is valid data (`N`, and `3` from 2005 air stations).
    public var isNormal: Bool {
        self == .normal || self == .stationNormal
    }

    /// True for flags the 2005 dialect defined and 2017 dropped.
    public var isLegacy2005Only: Bool {
        switch self {
        case .powerFailure, .stationCalibration, .stationMeteorological, .stationAbnormal, .stationNormal: return true
        default: return false
        }
    }
}
