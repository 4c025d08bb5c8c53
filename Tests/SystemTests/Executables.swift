import Bus
import BusTesting
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// Finds the built executables: `GREENHEART_BIN_DIR`, else next to the test bundle.
enum Executables {
    static var directory: URL {
        if let configured = ProcessInfo.processInfo.environment["GREENHEART_BIN_DIR"] {
            return URL(fileURLWithPath: configured)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // The test runner is either the bundle itself or a tool inside the build directory.
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("greenheart").path) {
                return url
            }
        }
        return URL(fileURLWithPath: ".build/debug")
    }

    /// The executable `name`, or a test failure saying to build first.
    static func url(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw SystemTestError(
                "executable \(name) not found in \(directory.path); run `swift build --build-tests` first")
        }
        return url
    }

    /// The repository root (for scripts), from this file's location.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}

/// A failure of the test harness itself.
struct SystemTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A child process the test started; killed when the test is done with it.
final class ChildProcess: Sendable {
    let child: SpawnedProcess
    let name: String
    let logURL: URL

    init(
        name: String, executable: URL, arguments: [String], environment: [String: String] = [:], logDirectory: URL
    ) throws {
        self.name = name
        logURL = logDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(6)).log")
        // Spawned with no signal blocked (test-runner threads block most, and a shell script
        // could then never trap SIGTERM), both streams into the log.
        child = try SpawnedProcess(
            executable.path, arguments, environment: SpawnedProcess.environment(adding: environment),
            standardOutput: .file(logURL.path))
    }

    var pid: Int32 { child.pid }
    var isRunning: Bool { child.isRunning }

    /// Sends `signal` to the process.
    func send(_ signalNumber: Int32) {
        child.send(signalNumber)
    }

    /// Kills the process outright and reaps it (bounded: never lets a harness hang a whole run).
    func killNow() {
        child.kill()
    }

    /// Waits up to `timeout` for the process to exit; returns its status, or nil if still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        await child.wait(timeout: timeout)
    }

    /// The process's output so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }
}

/// GET `url` and return the status code, or nil when nothing answered.
func httpStatus(_ url: String) async -> Int? {
    guard let url = URL(string: url) else { return nil }
    var request = URLRequest(url: url)
    request.timeoutInterval = 1
    guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
    return (response as? HTTPURLResponse)?.statusCode
}

/// Reads a pipe line by line on its own thread, so async tests can wait for lines with a timeout.
final class LineReader: Sendable {
    private let lines = LockedValue<[String]>([])
    private let closed = LockedValue(false)

    init(_ handle: FileHandle) {
        let lines = self.lines
        let closed = self.closed
        let thread = Thread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    lines.withLock { $0.append(line) }
                }
            }
            closed.withLock { $0 = true }
        }
        thread.start()
    }

    /// The next line, or nil at end of input or after `timeout`.
    func next(timeout: Duration = .seconds(30)) async -> String? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if let line = lines.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return line }
            if closed.value { return lines.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }
}

/// GET `url` with the development admin token and return the JSON array it answers, or nil.
func getJSONArray(_ url: String, token: String = "dev-bureau") async -> [[String: Any]]? {
    guard let url = URL(string: url) else { return nil }
    var request = URLRequest(url: url)
    request.timeoutInterval = 5
    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    guard let (data, response) = try? await URLSession.shared.data(for: request),
        (response as? HTTPURLResponse)?.statusCode == 200
    else { return nil }
    return (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]]
}

/// Whether something accepts TCP connections on 127.0.0.1:`port` just now.
func isListening(port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    } == 0
}
