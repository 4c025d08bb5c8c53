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
            Stations are created through POST /v1/stations (an existing one is reused), then each opens its own
            TCP connection and sends --hours hourly uploads (CN 2061, Flag A=1) starting at --start local time,
            one after the other, each only after the previous one was acknowledged (resent after --ack-timeout).
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

    @Option(name: .customLong("ack-timeout"), help: "Seconds to wait for a 9014 before resending.")
    var ackTimeout: Double = 5

    @Option(name: .customLong("give-up"), help: "Seconds after which a station stops trying.")
    var giveUp: Double = 600

    @Flag(name: .customLong("skip-registry"), help: "Do not call the API (stations already exist).")
    var skipRegistry = false

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
            for device in devices { try await register(device) }
        }
        guard let first = HJ212LocalTime.date(from: start + "0000") else { throw ValidationError("bad --start") }
        let plan = DevicePlan(
            host: host, port: port, hours: hours, first: first, rate: rate, badCRC: badCRC, disconnect: disconnect,
            ackTimeout: .milliseconds(Int64(ackTimeout * 1000)), giveUp: .milliseconds(Int64(giveUp * 1000)))
        let clock = ContinuousClock()
        let began = clock.now
        let totals = try await withThrowingTaskGroup(of: DeviceTotals.self) { group in
            for device in devices {
                group.addTask { await SimulatedDevice(station: device, plan: plan).run() }
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
                + String(format: "%.2f", seconds) + " s: " + formatRate(Double(totals.readings) / seconds) + " readings/s")
        if totals.unfinished > 0 { throw ExitCode(2) }
    }

    private func register(_ device: SimulatedStation) async throws {
        guard let url = URL(string: api + "/v1/stations") else { throw ValidationError("bad --api") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: device.registryJSON)
        let (_, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 201 || status == 409 else {
            throw ValidationError("registering \(device.mn) failed with HTTP \(status)")
        }
    }
}

/// What every simulated device of a run does.
struct DevicePlan: Sendable {
    /// Listener host.
    var host: String
    /// Listener port.
    var port: Int
    /// Uploads per device.
    var hours: Int
    /// The first hour.
    var first: Date
    /// Uploads per second (0: unpaced).
    var rate: Double
    /// Probability of a corrupted copy first.
    var badCRC: Double
    /// Probability of a disconnect after an upload.
    var disconnect: Double
    /// Wait for an answer before resending.
    var ackTimeout: Duration
    /// Stop trying after this long.
    var giveUp: Duration
}

/// Counts of one device (or all).
struct DeviceTotals: Sendable {
    /// Uploads answered.
    var acknowledged = 0
    /// Readings in answered uploads.
    var readings = 0
    /// Uploads sent again after no answer.
    var resent = 0
    /// Corrupted copies sent.
    var corrupted = 0
    /// Connections re-opened.
    var reconnects = 0
    /// Devices that gave up.
    var unfinished = 0

    /// Adds another device's counts.
    mutating func add(_ other: DeviceTotals) {
        acknowledged += other.acknowledged
        readings += other.readings
        resent += other.resent
        corrupted += other.corrupted
        reconnects += other.reconnects
        unfinished += other.unfinished
    }
}

/// One device's connection loop.
struct SimulatedDevice: Sendable {
    /// The station it imitates.
    let station: SimulatedStation
    /// The run's plan.
    let plan: DevicePlan

    /// Sends every hour, reconnecting and resending until each is answered or the device gives up.
    func run() async -> DeviceTotals {
        var totals = DeviceTotals()
        var hour = 0
        var random = SplitMixRandom(seed: UInt64(station.index) &+ 77)
        let clock = ContinuousClock()
        let deadline = clock.now + plan.giveUp
        var connected = false
        while hour < plan.hours, clock.now < deadline {
            if connected { totals.reconnects += 1 }
            connected = true
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.seconds(2))
                    .connect(host: plan.host, port: plan.port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                        }
                    }
                try await channel.executeThenClose { inbound, outbound in
                    let answered = AnswerBook()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            var pending: [UInt8] = []
                            for try await buffer in inbound {
                                pending += Array(buffer.readableBytesView)
                                while let end = pending.firstIndex(of: 0x0A) {
                                    let frame = Array(pending[...end])
                                    pending.removeSubrange(...end)
                                    if let qn = try? HJ212Message(wireBytes: frame).qn {
                                        answered.insert(qn)
                                    }
                                }
                            }
                        }
                        var attempts = 0
                        sending: while hour < plan.hours {
                            let (bytes, qn, readings) = packet(hour: hour)
                            if random.nextUnit() < plan.badCRC {
                                var broken = bytes
                                broken[broken.count - 4] = broken[broken.count - 4] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
                                try await outbound.write(ByteBuffer(bytes: broken))
                                totals.corrupted += 1
                            }
                            try await outbound.write(ByteBuffer(bytes: bytes))
                            let waitUntil = clock.now + plan.ackTimeout
                            while !answered.contains(qn) {
                                guard clock.now < waitUntil, clock.now < deadline else { break }
                                try await Task.sleep(for: .milliseconds(2))
                            }
                            guard answered.contains(qn) else {
                                totals.resent += 1
                                attempts += 1
                                if attempts >= 3 { break sending }
                                continue
                            }
                            attempts = 0
                            totals.acknowledged += 1
                            totals.readings += readings
                            hour += 1
                            if plan.rate > 0 { try await Task.sleep(for: .milliseconds(Int64(1000 / plan.rate))) }
                            if random.nextUnit() < plan.disconnect { break sending }
                        }
                        group.cancelAll()
                    }
                }
            } catch {
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        if hour < plan.hours { totals.unfinished = 1 }
        return totals
    }

    /// The upload of hour `hour`: its bytes, its QN and how many readings it carries.
    func packet(hour: Int) -> (bytes: [UInt8], qn: String, readings: Int) {
        let time = plan.first.addingTimeInterval(Double(hour) * 3600)
        let dataTime = HJ212LocalTime.text(from: time)
        let localHour = Int(dataTime.dropFirst(8).prefix(2)) ?? 0
        let qn = dataTime + String(format: "%03d", station.index % 1000)
        let fields = station.hourlyFields(hour: hour, localHour: localHour)
        let segment = "QN=\(qn);ST=\(station.st);CN=2061;PW=\(station.password);MN=\(station.mn);Flag=5;CP=&&DataTime=\(dataTime);\(fields)&&"
        let readings = fields.split(separator: ";").reduce(0) { count, item in
            count + item.split(separator: ",").filter { field in
                guard let dash = field.firstIndex(of: "-"), let equals = field.firstIndex(of: "=") else { return false }
                let suffix = field[field.index(after: dash)..<equals]
                return suffix != "Flag"
            }.count
        }
        return ((try? HJ212Encoder.frame(dataSegment: segment)) ?? [], qn, readings)
    }
}

/// The QNs a device's connection got a 9014 for, shared by its reader and writer.
final class AnswerBook: Sendable {
    private let answered = Mutex(Set<String>())

    /// Makes an empty book.
    init() {}

    /// Notes an answer.
    func insert(_ qn: String) {
        answered.withLock { _ = $0.insert(qn) }
    }

    /// Whether `qn` was answered.
    func contains(_ qn: String) -> Bool {
        answered.withLock { $0.contains(qn) }
    }
}
