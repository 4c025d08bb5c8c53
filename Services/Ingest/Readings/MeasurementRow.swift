import Domain
import Foundation

/// One row of `POST /v1/measurements` or `/v1/measurements.csv`, every field as loose text so that
/// a row of the wrong shape is refused on its own instead of failing the whole body.
struct MeasurementRow: Decodable, Sendable {
    /// The station MN.
    var station: String?
    /// The factor code (2017, or a 2005 legacy code which is mapped).
    var factor: String?
    /// `instant`, `minute`, `hour` or `day`.
    var periodKind: String?
    /// The period start, ISO 8601 with a zone (`2024-03-15T02:00:00Z`).
    var periodStart: String?
    /// Alternatively, the HJ 212 local `YYYYMMDDhhmmss` in the station's time zone.
    var dataTime: String?
    /// `Rtd`, `Avg`, `Min`, `Max`, `Cou`, `ZsAvg`, …
    var statistic: String?
    /// The value as decimal text (a JSON number is accepted too).
    var value: String?
    /// The unit; must match the factor table when the table states one.
    var unit: String?
    /// The data flag.
    var flag: String?
    /// Set when the row was not a JSON object.
    var malformed = false

    private enum CodingKeys: String, CodingKey {
        case station, factor, periodKind, periodStart, dataTime, statistic, value, unit, flag
    }

    /// A row from loose text fields.
    init(fields: [String: String]) {
        func field(_ name: String) -> String? {
            guard let value = fields[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        station = field("station")
        factor = field("factor")
        periodKind = field("periodKind")
        periodStart = field("periodStart")
        dataTime = field("dataTime")
        statistic = field("statistic")
        value = field("value")
        unit = field("unit")
        flag = field("flag")
    }

    /// Decodes a JSON row; never throws.
    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: CodingKeys.self) else {
            malformed = true
            return
        }
        func text(_ key: CodingKeys) -> String? {
            guard let loose = try? container.decodeIfPresent(LooseText.self, forKey: key) else { return nil }
            return loose.text
        }
        station = text(.station)
        factor = text(.factor)
        periodKind = text(.periodKind)
        periodStart = text(.periodStart)
        dataTime = text(.dataTime)
        statistic = text(.statistic)
        value = text(.value)
        unit = text(.unit)
        flag = text(.flag)
    }

    /// Checks the row against the station and the factor table; returns the reading or why not.
    func reading(station: Station, table: HJ212FactorTable = .standard) -> Result<ReadingInput, RowError> {
        guard let factorText = factor, !factorText.isEmpty, factorText.utf8.count <= 32,
            factorText.utf8.allSatisfy({ StationInput.isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "_") })
        else { return .failure(RowError("factor must be a factor code such as a34004")) }
        let code = table.standardCode(forLegacyCode: factorText) ?? factorText
        guard let kindText = periodKind, let kind = PeriodKind(rawValue: kindText) else {
            return .failure(RowError("periodKind must be instant, minute, hour or day"))
        }
        let start: Date
        if let periodStart {
            guard let parsed = Self.parseInstant(periodStart) else {
                return .failure(RowError("periodStart must be ISO 8601 with a zone, e.g. 2024-03-15T02:00:00Z"))
            }
            start = parsed
        } else if let dataTime {
            guard let parsed = HJ212LocalTime.date(from: dataTime, timeZone: station.zone) else {
                return .failure(RowError("dataTime must be YYYYMMDDhhmmss local time"))
            }
            start = parsed
        } else {
            return .failure(RowError("periodStart or dataTime is required"))
        }
        guard let statistic, HJ212Normaliser.statistics.contains(statistic) else {
            return .failure(
                RowError("statistic must be one of \(HJ212Normaliser.statistics.sorted().joined(separator: ", "))"))
        }
        guard let value, value.utf8.count <= 32, HJ212CPField(name: "x-Rtd", value: value).decimalValue != nil else {
            return .failure(RowError("value must be a plain decimal number"))
        }
        let known = HJ212Normaliser.unit(of: table.factor(for: code), statistic: statistic, st: station.st)
        if let unit, let known, unit != known {
            return .failure(
                RowError("unit \(unit) differs from the factor table's \(known) for \(code); convert before sending"))
        }
        if let flag, flag.utf8.count > 4 || flag.isEmpty { return .failure(RowError("flag must be 1–4 characters")) }
        return .success(
            ReadingInput(
                factor: code, periodKind: kind, periodStart: start, statistic: statistic, value: value,
                unit: unit ?? known,
                flag: flag))
    }

    /// Parses ISO 8601 with a zone, with or without fractional seconds.
    static func parseInstant(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
