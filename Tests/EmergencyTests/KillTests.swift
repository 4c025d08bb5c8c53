import Bus
import BusTesting
import Domain
import Foundation
import Testing

@testable import Emergency

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// The real `emergency` executable, started next to the test bundle, killed by the test.
final class EmergencyProcess: Sendable {
    let child: SpawnedProcess
    let log: URL

    init(environment: [String: String], logDirectory: URL) throws {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var executable = directory.appendingPathComponent("emergency")
        if !FileManager.default.isExecutableFile(atPath: executable.path) {
            // When the runner is inside a bundle, the executables sit a few levels up.
            var url = directory
            while url.path != "/"
                && !FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("emergency").path)
            {
                url.deleteLastPathComponent()
            }
            executable = url.appendingPathComponent("emergency")
        }
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw HarnessError(
                "emergency executable not found next to \(directory.path); run swift build --build-tests")
        }
        log = logDirectory.appendingPathComponent("emergency-\(UUID().uuidString.prefix(6)).log")
        child = try SpawnedProcess(
            executable.path, environment: SpawnedProcess.environment(adding: environment),
            standardOutput: .file(log.path))
    }

    /// SIGKILL, then reap.
    func kill() {
        child.kill()
    }
}

/// A small HTTP client for the executable's API.
struct APIClient: Sendable {
    let port: Int

    /// Sends a request; nil when the server did not answer.
    func send(_ method: String, _ path: String, token: String = "dev-bureau", body: Data? = nil) async -> (Int, Data)? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        request.timeoutInterval = 5
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            let status = (response as? HTTPURLResponse)?.statusCode
        else { return nil }
        return (status, data)
    }

    /// Decodes a GET.
    func get<T: Decodable>(_ path: String, as type: T.Type) async -> T? {
        guard let (status, data) = await send("GET", path), status == 200 else { return nil }
        return try? EventEnvelope.makeDecoder().decode(T.self, from: data)
    }
}

@Suite("The real emergency executable survives SIGKILL", .serialized)
struct KillTests {
    @Test("episode, 100 breaches and escalation come out the same across SIGKILLs")
    func sigkill() async throws {
        // Given an indicators stand-in and the real executable listening to it
        let context = try ZMQContext()
        let indicators = try FakeUpstream(source: "indicators", context: context)
        defer { indicators.close() }
        let data = try TemporaryDirectory(prefix: "emergency-kill")
        defer { data.remove() }
        let ports = try (0..<3).map { _ in try freeLoopbackPort() }
        let environment = [
            "DATA_DIRECTORY": data.url.path, "HTTP_PORT": "\(ports[0])",
            "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:\(ports[1])", "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:\(ports[2])",
            "BUS_SUBSCRIBE_UPSTREAMS": "\(indicators.endpoints.publish)|\(indicators.endpoints.replay)",
            "BUS_HEARTBEAT_MILLISECONDS": "100", "EMERGENCY_TIMER_MILLISECONDS": "100", "LOG_LEVEL": "warning",
        ]
        let api = APIClient(port: ports[0])
        func start() async throws -> EmergencyProcess {
            let process = try EmergencyProcess(environment: environment, logDirectory: data.url)
            let up = await eventually(timeout: .seconds(30)) { await api.send("GET", "/healthz") != nil }
            guard up else {
                throw HarnessError(
                    "emergency did not start: \((try? String(contentsOf: process.log, encoding: .utf8)) ?? "")")
            }
            return process
        }
        var process = try await start()
        // With a 2 s acknowledgement deadline for emission exceedances (plans are data)
        var plan = try #require(ResponsePlan.defaults.first { $0.type == "emission_exceedance" })
        plan.acknowledgeSeconds = ["*": 2]
        plan.reportSeconds = [:]
        plan.maxEscalations = 1000
        #expect(await api.send("PUT", "/v1/plans/emission_exceedance", body: try JSONEncoder().encode(plan))?.0 == 200)

        // When half an episode and half the breaches arrive, then the process is killed
        for (date, aqi) in [("2026-01-06", 215), ("2026-01-07", 245)] {
            try await indicators.publish(
                topic: "aqi.city.daily.\(World.city)", type: "aqi.city.daily", payload: World.day(date, aqi))
        }
        for n in 1...50 {
            try await indicators.publish(
                topic: "breach.opened.emission_exceedance.430200001", type: "breach.opened",
                payload: World.breach("b\(n)"))
        }
        _ = await eventually {
            (await api.get("/v1/incidents?type=heavy_pollution", as: [Incident].self))?.first?.level == "orange"
        }
        process.kill()
        // And the rest arrives while it is down
        for n in 51...100 {
            try await indicators.publish(
                topic: "breach.opened.emission_exceedance.430200001", type: "breach.opened",
                payload: World.breach("b\(n)"))
        }
        for (date, aqi) in [("2026-01-08", 330), ("2026-01-09", 110)] {
            try await indicators.publish(
                topic: "aqi.city.daily.\(World.city)", type: "aqi.city.daily", payload: World.day(date, aqi))
        }
        process = try await start()

        // Then: one red warning, cleared; one emission incident with all 100 breaches
        let episodeDone = await eventually(timeout: .seconds(20)) {
            let warnings = await api.get("/v1/incidents?type=heavy_pollution", as: [Incident].self) ?? []
            return warnings.count == 1 && warnings.first?.level == "red" && warnings.first?.active == false
        }
        #expect(episodeDone)
        let breaches = await eventually(timeout: .seconds(20)) {
            let incidents = await api.get("/v1/incidents?type=emission_exceedance", as: [Incident].self) ?? []
            guard incidents.count == 1, let id = incidents.first?.id else { return false }
            return (await api.get("/v1/incidents/\(id)", as: IncidentDetail.self))?.inputs.count == 100
        }
        #expect(breaches)
        let emission = try #require(await api.get("/v1/incidents?type=emission_exceedance", as: [Incident].self)?.first)
        let id = try #require(emission.id)

        // And the escalation timer, stored in the database, keeps firing after another kill
        func escalations() async -> Int {
            (await api.get("/v1/incidents/\(id)/timeline", as: [TimelineEntry].self) ?? []).filter {
                $0.action == "escalated"
            }.count
        }
        #expect(await eventually(timeout: .seconds(20)) { await escalations() >= 1 })
        process.kill()
        process = try await start()
        let before = await escalations()
        #expect(await eventually(timeout: .seconds(20)) { await escalations() > before })
        // When emergency management (escalated to) acknowledges, escalation stops
        #expect(await api.send("POST", "/v1/incidents/\(id)/acknowledge", token: "dev-emergency")?.0 == 200)
        let settled = await escalations()
        try await Task.sleep(for: .seconds(5))
        #expect(await escalations() == settled)
        process.kill()
    }
}
