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
        let http = try freePortBlock(count: 5)
        let bus = try freePortBlock(count: 5)
        let replay = try freePortBlock(count: 5)
        func upstream(_ index: Int) -> String { "tcp://127.0.0.1:\(bus + index)|tcp://127.0.0.1:\(replay + index)" }
        let upstreams = ["indicators": "\(upstream(1)),\(upstream(3))", "emergency": "\(upstream(2)),\(upstream(3))",
            "notifier": "\(upstream(4)),\(upstream(3)),\(upstream(2))"]
        var children: [ChildProcess] = []
        defer { children.forEach { $0.killNow() } }
        for (offset, service) in Self.services.enumerated() {
            var environment = [
                "DATA_DIRECTORY": root.url.appendingPathComponent(service).path, "HTTP_PORT": "\(http + offset + 1)",
                "BUS_PUBLISH_ENDPOINT": "tcp://127.0.0.1:\(bus + offset + 1)",
                "BUS_REPLAY_ENDPOINT": "tcp://127.0.0.1:\(replay + offset + 1)",
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

    @Test("Deploy/local/run.sh starts everything and SIGTERM (what Ctrl-C amounts to) leaves nothing running")
    func runScript() async throws {
        let root = try TemporaryDirectory(prefix: "greenheart-script")
        defer { root.remove() }
        let http = try freePortBlock(count: 5)
        let script = try ChildProcess(
            name: "run.sh", executable: Executables.repositoryRoot.appendingPathComponent("Deploy/local/run.sh"),
            arguments: ["--no-build"],
            environment: [
                "DATA_DIR": root.url.path, "HTTP_BASE": "\(http)", "BUS_BASE": "\(try freePortBlock(count: 5))",
                "REPLAY_BASE": "\(try freePortBlock(count: 5))", "GREENHEART_BIN_DIR": Executables.directory.path,
            ], logDirectory: root.url)
        defer { script.killNow() }
        for port in (http + 1)...(http + 5) {
            let healthy = await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
                await httpStatus("http://127.0.0.1:\(port)/healthz") == 200
            }
            #expect(healthy, "port \(port) not healthy:\n\(script.log.suffix(2000))")
        }
        script.send(SIGTERM)
        let status = await script.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "\(script.log.suffix(2000))")
        for port in (http + 1)...(http + 5) {
            #expect(await httpStatus("http://127.0.0.1:\(port)/healthz") == nil)
        }
    }
}
