import ArgumentParser
import Domain
import Foundation

/// `greenheart aqi`: HJ 633 AQI of concentrations read as JSON lines on standard input.
///
/// Each input line is an object such as `{"pm25":35,"pm10":50,"so2":10,"no2":20,"co":0.8,"o3":100,"o3_8h":90}`
/// (µg/m³, CO in mg/m³; absent items are not measured). Each output line is
/// `{"aqi":…,"level":…,"primary":[…],"iaqi":{…}}` with the same keys, or `{"error":…}` for a bad line.
struct AQICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aqi", abstract: "Compute HJ 633 AQI from JSON lines of concentrations (stdin → stdout).")

    @Option(help: "HJ 633 version: 2012 or 2026.")
    var standard: Int = 2026

    @Option(help: "Report: hourly (real-time) or daily.")
    var report: String = "hourly"

    func validate() throws {
        guard [2012, 2026].contains(standard) else { throw ValidationError("--standard must be 2012 or 2026") }
        guard ["hourly", "daily"].contains(report) else { throw ValidationError("--report must be hourly or daily") }
    }

    func run() throws {
        let calculator = AQICalculator(standard: standard == 2012 ? .hj633_2012 : .hj633_2026)
        while let line = readLine() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            print(JSONLines.render(Self.evaluate(line, calculator: calculator, daily: report == "daily")))
        }
    }

    /// The keys of the input and output objects, with the indicator each stands for.
    static let keys: [(String, AQIIndicator)] = [
        ("pm25", .pm25), ("pm10", .pm10), ("so2", .so2), ("no2", .no2), ("co", .co), ("o3", .o3OneHour),
        ("o3_8h", .o3EightHour),
    ]

    /// One output object for one input line.
    static func evaluate(_ line: String, calculator: AQICalculator, daily: Bool) -> [String: Any] {
        let values: [String: Decimal]
        switch JSONLines.decimals(line) {
        case .failure(let message): return ["error": message]
        case .success(let parsed): values = parsed
        }
        if let unknown = values.keys.first(where: { key in !keys.contains { $0.0 == key } }) {
            return ["error": "unknown key '\(unknown)' (want pm25, pm10, so2, no2, co, o3, o3_8h)"]
        }
        func micro(_ key: String) -> AirConcentration? { values[key].map(AirConcentration.micrograms) }
        let result: AQIReport
        if daily {
            result = calculator.dailyReport(
                AQIDailyInput(
                    so2: micro("so2"), no2: micro("no2"), co: values["co"].map(AirConcentration.milligrams),
                    pm10: micro("pm10"),
                    pm25: micro("pm25"), o3MaximumOneHour: micro("o3"), o3MaximumEightHour: micro("o3_8h")))
        } else {
            // One value per item: under 2012 PM is indexed from its 24-hour moving mean, given here as pm25/pm10.
            result = calculator.hourlyReport(
                AQIHourlyInput(
                    so2OneHour: micro("so2"), no2OneHour: micro("no2"),
                    coOneHour: values["co"].map(AirConcentration.milligrams),
                    o3OneHour: micro("o3"), o3EightHourMoving: micro("o3_8h"), pm10OneHour: micro("pm10"),
                    pm25OneHour: micro("pm25"), pm10TwentyFourHourMoving: micro("pm10"),
                    pm25TwentyFourHourMoving: micro("pm25")))
        }
        var iaqi: [String: Any] = [:]
        for (key, indicator) in keys where values[key] != nil {
            iaqi[key] = result.subIndex(for: indicator)?.value ?? NSNull()
        }
        let primary = result.primaryIndicators.compactMap { indicator in keys.first { $0.1 == indicator }?.0 }
        return [
            "aqi": result.aqi ?? NSNull(), "level": result.level?.rawValue ?? NSNull(), "primary": primary,
            "iaqi": iaqi,
        ]
    }
}

/// `greenheart water-class`: GB 3838—2002 class of factor values read as JSON lines on standard input.
///
/// Each input line maps HJ 212 factor codes to values in the standard's units, e.g.
/// `{"w01009":6.5,"w21003":0.8,"w01018":18}`; each output line is
/// `{"class":"III","deciding":["w01018"],"factors":{"w01009":"II",…}}`, or `{"error":…}`.
struct WaterClassCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "water-class", abstract: "Classify surface water by GB 3838—2002 from JSON lines (stdin → stdout)."
    )

    @Option(help: "Water body: river or lake (lakes and reservoirs use the lake TP limits and evaluate TN).")
    var waterBody: String = "river"

    func validate() throws {
        guard ["river", "lake"].contains(waterBody) else { throw ValidationError("--water-body must be river or lake") }
    }

    func run() throws {
        let body: WaterBodyKind = waterBody == "lake" ? .lakeOrReservoir : .river
        while let line = readLine() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            print(JSONLines.render(Self.evaluate(line, waterBody: body)))
        }
    }

    /// One output object for one input line.
    static func evaluate(_ line: String, waterBody: WaterBodyKind) -> [String: Any] {
        let values: [String: Decimal]
        switch JSONLines.decimals(line) {
        case .failure(let message): return ["error": message]
        case .success(let parsed): values = parsed
        }
        var measurements: [SurfaceWaterMeasurement] = []
        for (code, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let factor = SurfaceWaterFactor(hj212Code: code) else {
                return ["error": "unknown GB 3838 factor '\(code)'"]
            }
            measurements.append(SurfaceWaterMeasurement(factor, value))
        }
        do {
            let assessment = try GB3838Classifier.assessSection(
                measurements, waterBody: waterBody, scope: .allBasicItems)
            var factors: [String: Any] = [:]
            for result in assessment.factorResults { factors[result.factor.hj212Code] = result.waterClass.rawValue }
            return [
                "class": assessment.sectionClass?.rawValue ?? NSNull(),
                "deciding": assessment.decidingFactors.map(\.hj212Code),
                "factors": factors,
            ]
        } catch {
            return ["error": "\(error)"]
        }
    }
}

/// JSON lines in and out, with numbers read as exact decimals from their text.
enum JSONLines {
    /// A parsed line: decimal values by key, or why the line is refused.
    enum Parsed {
        /// The values.
        case success([String: Decimal])
        /// The reason.
        case failure(String)
    }

    /// The object's values as decimals (numbers or numeric strings), or a message.
    static func decimals(_ line: String) -> Parsed {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return .failure("not a JSON object")
        }
        // Read each number from its literal text so that 35.5 stays 35.5 (no binary float in between).
        let literals = literalNumbers(line)
        var values: [String: Decimal] = [:]
        for (key, raw) in object {
            if raw is NSNull { continue }
            let text: String?
            if let string = raw as? String {
                text = string
            } else if raw is NSNumber {
                text = literals[key]
            } else {
                text = nil
            }
            guard let text, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN,
                value >= 0
            else { return .failure("'\(key)' is not a non-negative number") }
            values[key] = value
        }
        return .success(values)
    }

    /// `"key": number` pairs of a flat JSON object, with the number's literal text.
    private static func literalNumbers(_ line: String) -> [String: String] {
        var result: [String: String] = [:]
        let scalars = Array(line.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "\"" else { index += 1; continue }
            var end = index + 1
            while end < scalars.count, scalars[end] != "\"" { end += scalars[end] == "\\" ? 2 : 1 }
            guard end < scalars.count else { break }
            let key = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            var cursor = end + 1
            while cursor < scalars.count, scalars[cursor] == " " { cursor += 1 }
            if cursor < scalars.count, scalars[cursor] == ":" {
                cursor += 1
                while cursor < scalars.count, scalars[cursor] == " " { cursor += 1 }
                var numberEnd = cursor
                while numberEnd < scalars.count, "-+.0123456789eE".unicodeScalars.contains(scalars[numberEnd]) {
                    numberEnd += 1
                }
                if numberEnd > cursor { result[key] = String(String.UnicodeScalarView(scalars[cursor..<numberEnd])) }
                index = numberEnd
            } else {
                index = end + 1
            }
        }
        return result
    }

    /// One line of compact JSON with sorted keys.
    static func render(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return #"{"error":"unencodable result"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }
}
