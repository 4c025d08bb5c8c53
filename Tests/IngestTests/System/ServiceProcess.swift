import BusTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Where the built executables are: next to the test bundle, or under `.build/debug`.
enum BuiltProducts {
    /// The directory holding `ingest` and `greenheart`.
    static var directory: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: besideTests.appendingPathComponent("ingest").path) {
            return besideTests
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
    }

    /// The path of executable `name`.
    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}

/// The ports and data directory of one `ingest` instance, kept across restarts.
struct IngestEndpoints: Sendable {
    /// HTTP port.
    let http: Int
    /// HJ 212 port.
    let hj212: Int
    /// Bus publish port.
    let publish: Int
    /// Bus replay port.
    let replay: Int
    /// The data directory.
    let data: TemporaryDirectory

    /// Picks free ports and a fresh directory.
    init() throws {
        http = try freeLoopbackPort()
        hj212 = try freeLoopbackPort()
        publish = try freeLoopbackPort()
        replay = try freeLoopbackPort()
        data = try TemporaryDirectory(prefix: "greenheart-ingest-system")
    }

    /// The environment the service reads.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HTTP_HOST"] = "127.0.0.1"
        environment["HTTP_PORT"] = String(http)
        environment["HJ212_HOST"] = "127.0.0.1"
        environment["HJ212_PORT"] = String(hj212)
        environment["BUS_PUBLISH_ENDPOINT"] = "tcp://127.0.0.1:\(publish)"
        environment["BUS_REPLAY_ENDPOINT"] = "tcp://127.0.0.1:\(replay)"
        environment["BUS_HEARTBEAT_MILLISECONDS"] = "200"
        environment["DATA_DIRECTORY"] = data.url.path
        environment["LOG_LEVEL"] = "warning"
        environment["GREENHEART_CONFIG"] = nil
        return environment
    }

    /// The bus endpoints as an upstream.
    var upstream: (publish: String, replay: String) {
        ("tcp://127.0.0.1:\(publish)", "tcp://127.0.0.1:\(replay)")
    }

    /// The SQLite file of the service.
    var databasePath: String {
        data.url.appendingPathComponent("ingest.sqlite").path
    }
}

/// A started executable, killed when the test is done with it.
final class ChildProcess: Sendable {
    private let child: SpawnedProcess

    /// Starts `executable` with `arguments` and `environment`; its standard output is kept.
    init(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil) throws {
        child = try SpawnedProcess(
            executable, arguments, environment: environment, standardOutput: .capture, standardError: .discard)
    }

    /// The process id.
    var pid: Int32 { child.pid }

    /// Sends SIGKILL and waits for the process to end.
    func kill() {
        child.kill()
    }

    /// Waits (without blocking a thread of the pool for long) until the process ends; returns its status.
    func wait(timeout: Duration) async -> Int32? {
        await child.wait(timeout: timeout)
    }

    /// Everything it wrote to standard output (call after it ended).
    func standardOutput() -> String {
        child.output()
    }
}

/// Starts `ingest` and waits until `/readyz` answers 200.
func startIngest(_ endpoints: IngestEndpoints) async throws -> ChildProcess {
    let child = try ChildProcess(BuiltProducts.path("ingest"), environment: endpoints.environment)
    let url = try #require(URL(string: "http://127.0.0.1:\(endpoints.http)/readyz"))
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        if let (_, response) = try? await URLSession.shared.data(from: url),
            (response as? HTTPURLResponse)?.statusCode == 200
        {
            return child
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    child.kill()
    throw HarnessError("ingest did not become ready")
}
