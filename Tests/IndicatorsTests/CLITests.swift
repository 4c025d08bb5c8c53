import BusTesting
import Foundation
import Testing

/// Runs the built `greenheart` executable with stdin, returning its stdout lines.
private func greenheart(_ arguments: [String], input: String) throws -> [String] {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var executable = URL(fileURLWithPath: ".build/debug/greenheart")
    while directory.path != "/" {
        directory.deleteLastPathComponent()
        let candidate = directory.appendingPathComponent("greenheart")
        if FileManager.default.isExecutableFile(atPath: candidate.path) {
            executable = candidate
            break
        }
    }
    let (_, text) = try SpawnedProcess.run(
        executable.path, arguments, input: Data(input.utf8), separateStandardError: true)
    let data = Data(text.utf8)
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

@Suite("greenheart aqi and water-class")
struct CLITests {
    @Test("aqi: JSON lines in and out, both standards, exact at breakpoints, errors per line")
    func aqi() throws {
        let input = """
            {"pm25":35,"pm10":50,"so2":10,"no2":20,"co":0.8,"o3":100}
            {"pm25":35.5}
            not json

            """
        let lines2012 = try greenheart(["aqi", "--standard", "2012"], input: input)
        #expect(lines2012.count == 3)
        #expect(
            lines2012.first
                == #"{"aqi":50,"iaqi":{"co":8,"no2":10,"o3":32,"pm10":50,"pm25":50,"so2":4},"level":1,"primary":[]}"#)
        #expect(lines2012.dropFirst().first == #"{"aqi":51,"iaqi":{"pm25":51},"level":2,"primary":["pm25"]}"#)
        #expect(lines2012.last?.contains("error") == true)
        let daily2026 = try greenheart(
            ["aqi", "--standard", "2026", "--report", "daily"],
            input: #"{"pm25":60,"pm10":120,"so2":5,"no2":5,"co":0.2,"o3_8h":50}"#)
        #expect(
            daily2026 == [
                #"{"aqi":100,"iaqi":{"co":5,"no2":7,"o3_8h":25,"pm10":100,"pm25":100,"so2":5},"level":2,"primary":["pm10","pm25"]}"#
            ])
    }

    @Test("water-class: worst factor decides; DO is a lower limit")
    func waterClass() throws {
        let lines = try greenheart(["water-class"], input: #"{"w01009":5.5,"w21003":0.4,"w01018":18}"# + "\n")
        #expect(
            lines == [
                #"{"class":"III","deciding":["w01009","w01018"],"factors":{"w01009":"III","w01018":"III","w21003":"II"}}"#
            ])
    }
}
