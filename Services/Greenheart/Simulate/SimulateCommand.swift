import ArgumentParser
import Domain
import Foundation
import NIOCore
import NIOPosix
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `greenheart simulate`: simulated field devices that register through the API, then stream HJ 212
/// hourly uploads over TCP, each waiting for its 9014 answer and resending when none comes.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate HJ 212 stations (air, water, flue gas) streaming hourly data to ingest.",
        discussion: """
            Stations are created through POST /v1/stations (an existing one is reused), then each opens its own \
            TCP connection and sends --hours hourly uploads (CN 2061, Flag A=1) starting at --start local time, \
            one after the other, each only after the previous one was acknowledged (resent after --ack-timeout). \
            With --live the --hours uploads are instead the hours ending at the current hour, and the stations then \
            keep going: each sends every next hour just after it ends, until the process is stopped \
            (data that is always current, so the station-offline rules stay quiet). \
            Scenarios: \(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @Option(help: "Number of simulated stations (air, water and flue gas in turn).")
    var stations = 10

    @Option(help: "Uploads per second per station (0: as fast as answers come).")
    var rate: Double = 1

    @Option(help: "HJ 212 listener, host:port.")
    var target = "127.0.0.1:9212"

    @Option(help: "Base URL of the ingest HTTP API, for registering the stations.")
    var api = "http://127.0.0.1:8081"

    @Option(help: "Bearer token with the admin role.")
    var token = "dev-bureau"

    @Option(help: "Scenario name.")
    var scenario = "normal"

    @Option(help: "Hourly uploads per station.")
    var hours = 24

    @Option(help: "Local (Asia/Shanghai) time of the first hour, YYYYMMDDhh.")
    var start = "2024030100"

    @Option(help: "MN prefix of the simulated stations.")
    var prefix = "SIM"

    @Option(name: .customLong("bad-crc"), help: "Probability that a corrupted copy precedes an upload.")
    var badCRC: Double = 0

    @Option(help: "Probability of dropping the connection after an upload.")
    var disconnect: Double = 0

    @Option(help: "Probability that an hour is held back and backfilled after all the others (late data).")
    var late: Double = 0

    @Option(name: .customLong("ack-timeout"), help: "Seconds to wait for a 9014 before resending.")
    var ackTimeout: Double = 5

    @Option(name: .customLong("give-up"), help: "Seconds after which a station stops trying.")
    var giveUp: Double = 600

    @Flag(name: .customLong("skip-registry"), help: "Do not call the API (stations already exist).")
    var skipRegistry = false

    @Flag(
        help: "Send the --hours hours ending now (--start is ignored), then each next hour as it ends, until stopped.")
    var live = false

    @Option(help: "Seconds to wait for the ingest API to answer before registering fails.")
    var wait: Double = 30

    func validate() throws {
        guard SimulationScenario(rawValue: scenario) != nil else {
            throw ValidationError("unknown scenario \(scenario)")
        }
        guard stations > 0, hours > 0, start.count == 10, Int(start) != nil else {
            throw ValidationError("--stations and --hours must be positive, --start must be YYYYMMDDhh")
        }
    }

    func run() async throws {
        let scenario = SimulationScenario(rawValue: scenario) ?? .normal
        let parts = target.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--target must be host:port") }
        let host = String(parts[0])
        let devices = (0..<stations).map { SimulatedStation(index: $0, prefix: prefix, scenario: scenario) }
        if !skipRegistry {
            let registration = StationRegistration(api: api, token: token, wait: .milliseconds(Int64(wait * 1000)))
            for device in devices { try await registration.register(device.registryJSON, mn: device.mn) }
        }
        let first: Date
        let currentHour = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        if live {
            first = currentHour.addingTimeInterval(-Double(hours) * 3600)
        } else {
            guard let date = HJ212LocalTime.date(from: start + "0000") else { throw ValidationError("bad --start") }
            first = date
        }
        var plan = DevicePlan(
            host: host, port: port, hours: hours, first: first, rate: rate, badCRC: badCRC, disconnect: disconnect,
            late: late,
            ackTimeout: .milliseconds(Int64(ackTimeout * 1000)), giveUp: .milliseconds(Int64(giveUp * 1000)))
        plan.live = live
        if live {
            // Line-buffered, so a log file shows each hour as it goes out.
            Console.line(
                "simulating \(stations) stations (\(scenario.rawValue)) live: the \(hours) hours from "
                    + "\(Self.readable(first)) to \(Self.readable(currentHour)) (Asia/Shanghai), "
                    + "then each next hour as it ends; stop with Ctrl-C")
        }
        let clock = ContinuousClock()
        let began = clock.now
        let totals = try await withThrowingTaskGroup(of: DeviceTotals.self) { group in
            for device in devices {
                var simulated = SimulatedDevice(station: device, plan: plan)
                if live {
                    let mn = device.mn
                    simulated.acknowledged = { hour in
                        if hour >= currentHour { Console.line("\(mn): hour \(Self.readable(hour)) acknowledged") }
                    }
                }
                group.addTask { await simulated.run() }
            }
            var sum = DeviceTotals()
            for try await totals in group { sum.add(totals) }
            return sum
        }
        let elapsed = clock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "simulated \(stations) stations (\(scenario.rawValue)): \(totals.acknowledged) uploads acknowledged, "
                + "\(totals.readings) readings, \(totals.resent) resent, \(totals.corrupted) corrupted copies, "
                + "\(totals.reconnects) reconnects, \(totals.unfinished) stations unfinished, in "
                + String(format: "%.2f", seconds) + " s: " + formatRate(Double(totals.readings) / seconds)
                + " readings/s")
        if totals.unfinished > 0 { throw ExitCode(2) }
    }

    /// `2026-11-29 16:00` (local time) for a run's messages.
    private static func readable(_ date: Date) -> String {
        let text = Array(HJ212LocalTime.text(from: date))
        return
            "\(String(text[0..<4]))-\(String(text[4..<6]))-\(String(text[6..<8])) \(String(text[8..<10])):\(String(text[10..<12]))"
    }
}
