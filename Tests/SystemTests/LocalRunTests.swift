import BusTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("System: the README's start command", .serialized)
struct LocalRunTests {
    static let services = ["ingest", "indicators", "manifests", "emergency", "notifier"]

    @Test("all five services answer /healthz within 5 s, and SIGTERM stops each with status 0 within 5 s")
    func startAndStopEach() async throws {
        // Given the five executables started as the run script starts them, on free ports
        let root = try TemporaryDirectory(prefix: "greenheart-run")
        defer { root.remove() }
        let http = try freeLoopbackPortBlock(count: 5)
        let bus = try freeLoopbackPortBlock(count: 5)
        let replay = try freeLoopbackPortBlock(count: 5)
        func upstream(_ index: Int) -> String { "tcp://127.0.0.1:\(bus + index)|tcp://127.0.0.1:\(replay + index)" }
        let upstreams = [
            "indicators": "\(upstream(1)),\(upstream(3))", "emergency": "\(upstream(2)),\(upstream(3))",
            "notifier": "\(upstream(4)),\(upstream(3)),\(upstream(2))",
        ]
        var children: [ChildProcess] = []
        defer { children.forEach { $0.killNow() } }
        for (offset, service) in Self.services.enumerated() {
            var environment = [
                "DATA_DIRECTORY": root.url.appendingPathComponent(service).path, "HTTP_PORT": "\(http + offset + 1)",
                "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:\(bus + offset + 1)",
                "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:\(replay + offset + 1)",
                // Any free HJ 212 port, so a running `make run` (9212) does not make ingest exit.
                "HJ212_PORT": "0",
            ]
            environment["BUS_SUBSCRIBE_UPSTREAMS"] = upstreams[service]
            children.append(
                try ChildProcess(
                    name: service, executable: try Executables.url(service), arguments: [], environment: environment,
                    logDirectory: root.url))
        }
        // When each is asked for its health
        for (offset, child) in children.enumerated() {
            let healthy = await eventually(timeout: .seconds(5), every: .milliseconds(50)) {
                await httpStatus("http://127.0.0.1:\(http + offset + 1)/healthz") == 200
            }
            // Then it answers 200 within 5 s
            #expect(healthy, "\(child.name) did not answer /healthz in 5 s:\n\(child.log.suffix(1500))")
        }
        // And /readyz reports the store and the bus
        #expect(await httpStatus("http://127.0.0.1:\(http + 4)/readyz") == 200)
        // When each gets SIGTERM, it exits 0 within 5 s
        for child in children {
            child.send(SIGTERM)
            let status = await child.waitForExit(timeout: .seconds(5))
            #expect(status == 0, "\(child.name) exit status \(String(describing: status)):\n\(child.log.suffix(1500))")
        }
    }

    @Test(
        "Deploy/local/run.sh starts everything and the live simulator, prints where to look, the simulator's data reaches indicators, and SIGTERM leaves nothing running"
    )
    func runScript() async throws {
        // Given the run script on free ports, its own HJ 212 port and a fresh data directory
        let root = try TemporaryDirectory(prefix: "greenheart-script")
        defer { root.remove() }
        let http = try freeLoopbackPortBlock(count: 5)
        let hj212 = try freeLoopbackPortBlock(count: 1) + 1
        let script = try ChildProcess(
            name: "run.sh", executable: Executables.repositoryRoot.appendingPathComponent("Deploy/local/run.sh"),
            arguments: ["--no-build"],
            environment: [
                "DATA_DIR": root.url.path, "HTTP_BASE": "\(http)", "BUS_BASE": "\(try freeLoopbackPortBlock(count: 5))",
                "REPLAY_BASE": "\(try freeLoopbackPortBlock(count: 5))",
                "GREENHEART_BIN_DIR": Executables.directory.path,
                "HJ212_PORT": "\(hj212)", "SIMULATE_STATIONS": "3",
                // Station-offline evaluated every second (default 60), so a stale simulator would show here.
                "INDICATORS_OFFLINE_SCAN_SECONDS": "1",
            ], logDirectory: root.url)
        defer { script.killNow() }
        let logs = root.url.appendingPathComponent("logs")
        func diagnosis() -> String {
            let files = ["simulator", "ingest", "indicators"].map { name in
                let text = (try? String(contentsOf: logs.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
                return "--- \(name).log\n" + String(text.suffix(1500))
            }
            return ([script.log.suffix(2000)] + files.map { Substring($0) }).joined(separator: "\n")
        }
        // Then every service answers /healthz with 200
        for port in (http + 1)...(http + 5) {
            let healthy = await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
                await httpStatus("http://127.0.0.1:\(port)/healthz") == 200
            }
            #expect(healthy, "port \(port) not healthy:\n\(diagnosis())")
        }
        // And the script says where to look: the city AQI, the incidents, the CAP feed, the token and the logs
        let printed = await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
            script.log.contains("Ctrl-C stops everything.")
        }
        #expect(printed, "\(script.log)")
        let output = script.log
        for expected in [
            "http://127.0.0.1:\(http + 2)/v1/aqi/city", "http://127.0.0.1:\(http + 4)/v1/incidents",
            "http://127.0.0.1:\(http + 5)/v1/cap/feed", "Authorization: Bearer dev-bureau", "\(logs.path)/*.log",
            "simulator.log",
        ] {
            #expect(output.contains(expected), "missing \(expected) in:\n\(output)")
        }
        // And the simulator's live data reaches indicators: the city's hourly AQI of the last 24 hours,
        // ending with the hour just past (so no station looks offline)
        let lastHour = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600 - 3600)
        let formatter = ISO8601DateFormatter()
        let from = formatter.string(from: lastHour.addingTimeInterval(-23 * 3600))
        var entries: [[String: Any]] = []
        let arrived = await eventually(timeout: .seconds(60), every: .milliseconds(500)) {
            entries = await getJSONArray("http://127.0.0.1:\(http + 2)/v1/aqi/city?report=hourly&from=\(from)") ?? []
            return entries.count >= 24
        }
        #expect(arrived, "city hourly AQI entries: \(entries.count)\n\(diagnosis())")
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions.insert(.withFractionalSeconds)
        let hours = entries.compactMap { entry in
            (entry["hourStart"] as? String).flatMap { fractional.date(from: $0) ?? formatter.date(from: $0) }
        }
        // (an hour may end meanwhile; the simulator then sends it too)
        #expect(
            hours.max().map { $0 >= lastHour && $0 <= lastHour.addingTimeInterval(3600) } == true,
            "latest hour \(String(describing: hours.max())), expected \(lastHour)")
        #expect(
            entries.allSatisfy { $0["scope"] as? String == "city:430200" && $0["aqi"] is Int }, "\(entries.prefix(2))")
        // And the simulated stations are in indicators' registry, with no station-offline breach
        let stations = await getJSONArray("http://127.0.0.1:\(http + 2)/v1/stations") ?? []
        let names = Set(stations.compactMap { $0["mn"] as? String })
        #expect(names.isSuperset(of: ["SIMA00000", "SIMW00001", "SIME00002"]), "\(names)")
        try await Task.sleep(for: .milliseconds(2500))
        let breaches = await getJSONArray("http://127.0.0.1:\(http + 2)/v1/breaches?open=true") ?? []
        let offline = breaches.filter { ($0["opened"] as? [String: Any])?["kind"] as? String == "station_offline" }
        #expect(offline.isEmpty, "\(offline)")

        // When the script gets SIGTERM, it exits 0 and nothing answers any more
        script.send(SIGTERM)
        let status = await script.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "\(script.log.suffix(2000))")
        for port in (http + 1)...(http + 5) {
            #expect(await httpStatus("http://127.0.0.1:\(port)/healthz") == nil)
        }
        #expect(!isListening(port: hj212), "the HJ 212 port is still open")
    }
}
