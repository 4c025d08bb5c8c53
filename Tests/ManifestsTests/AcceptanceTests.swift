import Bus
import BusTesting
import Domain
import Foundation
import ServiceKit
import Synchronization
import Testing

@testable import Manifests

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// The acceptance test of issue 5: a pyzmq subscriber standing in for a department receives every
/// transition of 1,000 manifests driven through the HTTP API of the real `manifests` executable,
/// across a SIGKILL and restart, each exactly once after de-duplication by event id.
@Suite("Acceptance: 1,000 manifests through the built executable", .serialized)
struct AcceptanceTests {
    static let manifestCount = 1000
    static let workers = 8
    static let killAfter = 400

    @Test("every transition reaches a pyzmq subscriber exactly once across a SIGKILL and restart")
    func thousandManifestsAcrossKill() async throws {
        // Given the built executable, free ports, a data directory and a python subscriber
        let executable = try #require(Self.executable(), "the manifests executable is not next to the test bundle")
        let directory = try TemporaryDirectory(prefix: "manifests-acceptance")
        defer { directory.remove() }
        let script = try #require(Bundle.module.url(forResource: "transition_subscriber", withExtension: "py"))
        try Self.ensurePyZMQ()
        let httpPort = try freeLoopbackPort()
        let publish = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let replay = "tcp://127.0.0.1:\(try freeLoopbackPort())"
        let tokens = [
            ("bureau", "admin", "a-bureau"), ("enterprise.\(World.consignor)", "operator", "a-consignor"),
            ("enterprise.\(World.carrier)", "operator", "a-carrier"),
            ("enterprise.\(World.receiver)", "operator", "a-receiver"),
        ].map { "\($0.0):\($0.1):\(TokenHash.hex(of: $0.2))" }
        var environment = ProcessInfo.processInfo.environment
        environment["HTTP_PORT"] = String(httpPort)
        environment["BUS_PUBLISH_ENDPOINT"] = publish
        environment["BUS_REPLAY_ENDPOINT"] = replay
        environment["DATA_DIRECTORY"] = directory.url.appendingPathComponent("data").path
        environment["AUTH_TOKENS"] = tokens.joined(separator: ",")
        environment["LOG_LEVEL"] = "error"
        let service = ServiceProcess(executable: executable, environment: environment)
        defer { service.kill() }
        try service.start()
        let client = HTTPDriver(base: "http://127.0.0.1:\(httpPort)")
        #expect(await client.waitUntilHealthy(), "manifests did not start: \(service.log)")

        let output = directory.url.appendingPathComponent("events.json")
        let stop = directory.url.appendingPathComponent("stop")
        let ready = directory.url.appendingPathComponent("ready")
        let python = try SpawnedProcess(
            "/usr/bin/env", ["python3", script.path, publish, replay, output.path, stop.path, ready.path],
            standardOutput: .inherit)
        defer { python.kill() }
        #expect(await eventually(timeout: .seconds(20)) { FileManager.default.fileExists(atPath: ready.path) })
        try await Task.sleep(for: .milliseconds(500))

        try await Self.register(client)

        // When 1,000 manifests are driven through their lives by concurrent clients, and the
        // service is killed with SIGKILL part-way and restarted
        let next = LockedValue(0)
        let completed = LockedValue(0)
        let killed = LockedValue(false)
        let clock = ContinuousClock()
        let started = clock.now
        let beforeKill = LockedValue<Duration?>(nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<Self.workers {
                group.addTask {
                    while true {
                        let index = next.withLock { value -> Int? in
                            guard value < Self.manifestCount else { return nil }
                            value += 1
                            return value
                        }
                        guard let index else { return }
                        try await Self.drive(index, client: client)
                        let done = completed.withLock { value -> Int in
                            value += 1
                            return value
                        }
                        if done == Self.killAfter {
                            beforeKill.withLock { $0 = clock.now - started }
                            killed.withLock { $0 = true }
                        }
                    }
                }
            }
            group.addTask {
                while !killed.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
                service.kill()
                try await Task.sleep(for: .milliseconds(300))
                try service.start()
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - started

        // Then, once the subscriber has filled its gaps by replay, every transition is there exactly once
        FileManager.default.createFile(atPath: stop.path, contents: Data())
        #expect(await eventually(timeout: .seconds(120)) { !python.isRunning })
        #expect(python.terminationStatus == 0)
        let report = try JSONDecoder().decode(SubscriberReport.self, from: Data(contentsOf: output))
        let transitions = report.events.filter { $0.topic.hasPrefix("waste.manifest.") }
        var perManifest: [String: [String]] = [:]
        for event in transitions { perManifest[event.number ?? "", default: []].append(event.topic) }
        let expected = [
            "waste.manifest.completed", "waste.manifest.draft", "waste.manifest.in_transit",
            "waste.manifest.received", "waste.manifest.submitted",
        ]
        #expect(perManifest.count == Self.manifestCount)
        #expect(perManifest.values.allSatisfy { $0.sorted() == expected })
        #expect(transitions.count == Self.manifestCount * 5)
        #expect(Set(report.events.map(\.sequence)).count == report.events.count)

        // Benchmark: transitions per second through the API, events published (before the kill)
        if let first = beforeKill.withLock({ $0 }) {
            let seconds = Double(first.components.seconds) + Double(first.components.attoseconds) / 1e18
            let rate = Double(Self.killAfter * 5) / seconds
            let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(
                "manifests benchmark: \(Int(rate)) transitions/s over the first \(Self.killAfter * 5) transitions; "
                    + "all \(Self.manifestCount * 5) incl. SIGKILL+restart in \(String(format: "%.1f", total)) s; "
                    + "subscriber heard \(report.liveMessages) live, \(report.replayed) replayed")
        }
    }

    // MARK: - Driving one manifest

    /// Takes manifest `index` from nothing to completed, whatever the service's restarts: each
    /// step re-reads the state after a failure and goes on from there.
    static func drive(_ index: Int, client: HTTPDriver) async throws {
        let draft = API.draft(reference: "ACC-\(index)")
        var number: String? = nil
        // The state known from the last answer; nil after a failure, when it must be read again.
        var known: ManifestState? = nil
        var attempts = 0
        while attempts < 200 {
            attempts += 1
            do {
                guard let current = number else {
                    let reply = try await client.send("POST", "/v1/manifests", token: "a-consignor", json: draft)
                    guard reply.status == 200 || reply.status == 201 else {
                        throw DriveError("create: \(reply.status) \(reply.text)")
                    }
                    let summary = try reply.decode(ManifestSummary.self)
                    number = summary.number
                    known = summary.state
                    continue
                }
                let state: ManifestState
                if let known {
                    state = known
                } else {
                    state = try await client.send("GET", "/v1/manifests/\(current)", token: "a-bureau")
                        .decode(ManifestDetail.self).manifest.state
                }
                known = nil
                let step: (String, String, Data)
                switch state {
                case .draft: step = ("submit", "a-consignor", try encode(SignInput(signer: "张三")))
                case .submitted:
                    step = (
                        "pickup", "a-carrier", try encode(PickupInput(signer: "李四", vehiclePlate: nil, driver: "王五"))
                    )
                case .inTransit:
                    step = (
                        "receive", "a-receiver",
                        try encode(
                            ReceiveInput(
                                signer: "赵六", lines: [.init(line: 1, actualQuantity: "2.5", actualPieces: 10)],
                                rejection: nil))
                    )
                case .received:
                    step = (
                        "complete", "a-receiver",
                        try encode(CompleteInput(signer: "赵六", method: "disposal", lines: nil))
                    )
                case .completed: return
                case .rejected, .cancelled: throw DriveError("manifest \(current) ended \(state)")
                }
                let reply = try await client.send(
                    "POST", "/v1/manifests/\(current)/\(step.0)", token: step.1, body: step.2)
                // 409: the step was applied before a restart and its answer lost; the next read shows it.
                guard reply.status == 200 || reply.status == 409 else {
                    throw DriveError("\(step.0) \(current): \(reply.status) \(reply.text)")
                }
                if reply.status == 200 { known = try reply.decode(ManifestSummary.self).state }
            } catch let error as DriveError {
                throw error
            } catch {
                // The service is down (killed): wait for it to come back.
                _ = await client.waitUntilHealthy()
            }
        }
        throw DriveError("manifest \(index) did not complete")
    }

    static func encode(_ value: some Encodable) throws -> Data {
        try EventEnvelope.makeEncoder().encode(value)
    }

    /// Registers the parties through the API.
    static func register(_ client: HTTPDriver) async throws {
        func post(_ path: String, _ value: some Encodable) async throws {
            let reply = try await client.send("POST", path, token: "a-bureau", json: value)
            #expect(reply.status == 201, "\(path): \(reply.text)")
        }
        try await post(
            "/v1/enterprises",
            EnterpriseInput(uscc: World.consignor, name: "株洲冶炼厂", county: "430202", roles: [.consignor]))
        try await post(
            "/v1/enterprises", EnterpriseInput(uscc: World.carrier, name: "危货运输", county: "430211", roles: [.carrier]))
        try await post(
            "/v1/enterprises", EnterpriseInput(uscc: World.receiver, name: "处置中心", county: "430211", roles: [.receiver])
        )
        let today = ChinaLocalDate(containing: Date())
        let until = "\(today.year + 1)-12-31"
        try await post(
            "/v1/enterprises/\(World.receiver)/receiver-licences",
            ReceiverLicenceInput(
                number: "L", validFrom: "2020-01-01", validUntil: until, annualCapacityTonnes: "1000000",
                permittedCodes: ["900-041-49"]))
        try await post(
            "/v1/enterprises/\(World.carrier)/carrier-licences",
            CarrierLicenceInput(number: "C", validFrom: "2020-01-01", validUntil: until))
        try await post(
            "/v1/enterprises/\(World.carrier)/vehicles",
            VehicleInput(plate: World.plate, permitNumber: "P", validUntil: until))
    }

    // MARK: - Environment

    /// The `manifests` executable built next to the test bundle.
    static func executable() -> URL? {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        candidates.append(Bundle.module.bundleURL.deletingLastPathComponent())
        for directory in candidates {
            let url = directory.appendingPathComponent("manifests")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// Installs pyzmq with pip when python3 cannot import it yet.
    static func ensurePyZMQ() throws {
        func run(_ arguments: [String]) throws -> Int32 {
            try SpawnedProcess.run("/usr/bin/env", arguments).status
        }
        if try run(["python3", "-c", "import zmq"]) == 0 { return }
        _ = try run(["python3", "-m", "pip", "install", "--quiet", "pyzmq"])
        guard try run(["python3", "-c", "import zmq"]) == 0 else { throw DriveError("pyzmq could not be installed") }
    }

}

/// What the python subscriber wrote.
struct SubscriberReport: Decodable {
    struct Event: Decodable {
        var id: String
        var topic: String
        var sequence: Int64
        var number: String?
    }

    var liveMessages: Int
    var liveUnique: Int
    var replayed: Int
    var events: [Event]
}

/// A failure of the acceptance driver.
struct DriveError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The `manifests` executable as a child process that can be started again after a kill.
final class ServiceProcess: Sendable {
    private let executable: URL
    private let environment: [String: String]
    private let current = Mutex<SpawnedProcess?>(nil)

    init(executable: URL, environment: [String: String]) {
        self.executable = executable
        self.environment = environment
    }

    /// Starts it (again), both streams kept for `log`.
    func start() throws {
        let process = try SpawnedProcess(executable.path, environment: environment, standardOutput: .capture)
        current.withLock { $0 = process }
    }

    /// What the current process wrote so far.
    var log: String { current.withLock { $0 }?.output() ?? "" }

    /// SIGKILL, and wait for the process to be gone.
    func kill() {
        current.withLock({ $0 })?.kill()
    }
}

/// A tiny HTTP client over URLSession for driving the real executable.
struct HTTPDriver: Sendable {
    let base: String
    private let session: URLSession

    struct Reply {
        let status: Int
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try EventEnvelope.makeDecoder().decode(T.self, from: body)
        }
    }

    init(base: String) {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration)
    }

    func send(_ method: String, _ path: String, token: String, json: some Encodable) async throws -> Reply {
        try await send(method, path, token: token, body: try EventEnvelope.makeEncoder().encode(json))
    }

    func send(_ method: String, _ path: String, token: String?, body: Data? = nil) async throws -> Reply {
        guard let url = URL(string: base + path) else { throw DriveError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }

    /// Polls `/healthz` until it answers (at most 30 s).
    func waitUntilHealthy() async -> Bool {
        for _ in 0..<300 {
            if let reply = try? await send("GET", "/healthz", token: nil), reply.status == 200 { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
