import Domain
import Foundation

/// Turns a decoded HJ 212 upload into readings: factor codes in their 2017 form, DataTime read in the
/// station's time zone and stored in UTC, values kept as the exact decimal text, units from the factor table.
enum HJ212Normaliser {
    /// The CP suffixes that are values (everything else, such as `Flag`, `EFlag`, `SampleTime`, `Info`, is not).
    static let statistics: Set<String> = [
        "Rtd", "Avg", "Min", "Max", "Cou", "ZsRtd", "ZsAvg", "ZsMin", "ZsMax", "Data", "DayData", "NightData", "RS",
        "RT",
    ]

    /// The readings of `message` from `station`; empty for a command that carries none.
    static func readings(
        from message: HJ212Message, station: Station, table: HJ212FactorTable = .standard
    ) throws(IngestRefusal) -> [ReadingInput] {
        guard let periodKind = PeriodKind(command: message.command) else { return [] }
        guard let start = message.dataTime(timeZone: station.zone) else {
            throw IngestRefusal(.missingDataTime, "CN \(message.cn) upload has no valid DataTime")
        }
        var result: [ReadingInput] = []
        for reading in message.readings {
            let factor = table.factor(for: reading.standardCode)
            let flag = reading.flagText
            for field in reading.fields {
                guard let statistic = field.suffix, statistics.contains(statistic), field.decimalValue != nil else {
                    continue
                }
                result.append(
                    ReadingInput(
                        factor: reading.standardCode, periodKind: periodKind, periodStart: start, statistic: statistic,
                        value: field.value, unit: unit(of: factor, statistic: statistic, st: message.st), flag: flag))
            }
        }
        return result
    }

    /// The unit of `statistic` of `factor` as the factor table states it for system `st`.
    static func unit(of factor: HJ212Factor?, statistic: String, st: String) -> String? {
        switch statistic {
        case "RS": return nil
        case "RT": return "h"
        case "Cou": return factor?.amountUnit
        default: return factor?.unit(forSystem: st)
        }
    }

    /// The power-on time of a CN 2081 notice, UTC.
    static func restartTime(of message: HJ212Message, station: Station) -> Date? {
        message.dataArea.date(of: "RestartTime", timeZone: station.zone)
    }
}
