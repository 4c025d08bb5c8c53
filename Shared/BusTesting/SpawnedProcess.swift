import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`, for tests.
///
/// Not Foundation's `Process`: on Linux its `run()` lists `/proc/self/fd` to close inherited
/// descriptors and copies each directory entry's whole 256-byte name, reading past glibc's buffer
/// when an entry sits at its end; a test process with many sockets open crashed that way about one
/// run in five (swift-corelibs-foundation PR 5472, fixed after Swift 6.3.1). Here the child closes
/// every descriptor from 3 up with `posix_spawn_file_actions_addclosefrom_np`, starts with no
/// signal blocked or ignored, in a process group of its own, as `Process` would start it.
public final class SpawnedProcess: @unchecked Sendable {
    /// Where a standard stream of the child goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case discard
        /// The test process's own stream.
        case inherit
        /// A file, created or truncated.
        case file(String)
        /// A temporary file the test reads with `output()` once the child is done.
        case capture
        /// A pipe the test reads as the child writes (`pipe`; standard output only).
        case pipe
    }

    /// The child's process id.
    public let pid: pid_t
    private let exit = Mutex<Int32?>(nil)
    private let capturePath: String?
    /// The read end of standard output when it is `.pipe`.
    public let pipe: FileHandle?

    /// Starts `executable` with `arguments`. `environment` replaces this process's environment
    /// when given (see `environment(adding:)`); standard error may share standard output's target.
    public init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        currentDirectory: String? = nil, standardOutput: Output = .discard, standardError: Output? = nil,
        standardInput: Data? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var capture: String?
        var outputEnds: [Int32] = [-1, -1]
        func route(_ output: Output, to descriptor: Int32) {
            switch output {
            case .discard:
                posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
            case .inherit:
                break
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .capture:
                let path = capture ?? NSTemporaryDirectory() + "greenheart-child-\(UUID().uuidString.prefix(8)).out"
                capture = path
                posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .pipe:
                precondition(descriptor == 1, "only standard output can be a pipe")
                if Glibc.pipe(&outputEnds) == 0 { posix_spawn_file_actions_adddup2(&actions, outputEnds[1], 1) }
            }
        }
        route(standardOutput, to: 1)
        if let standardError {
            route(standardError, to: 2)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // Standard input: the given bytes through a pipe, or /dev/null.
        var pipeEnds: [Int32] = [-1, -1]
        if standardInput != nil {
            guard Glibc.pipe(&pipeEnds) == 0 else { throw SpawnError("pipe", errno) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        guard Self.addCloseFrom(&actions, 3) == 0 else { throw SpawnError("addclosefrom", errno) }
        if let currentDirectory {
            let code = currentDirectory.withCString { Self.addChdir(&actions, $0) }
            guard code == 0 else { throw SpawnError("addchdir \(currentDirectory)", code) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") }
        let envp = variables + [nil]
        defer { variables.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        if standardInput != nil { close(pipeEnds[0]) }
        if outputEnds[1] >= 0 { close(outputEnds[1]) }
        guard status == 0 else {
            if outputEnds[0] >= 0 { close(outputEnds[0]) }
            if standardInput != nil { close(pipeEnds[1]) }
            throw SpawnError("posix_spawn \(executable)", status)
        }
        pid = child
        capturePath = capture
        pipe = outputEnds[0] >= 0 ? FileHandle(fileDescriptor: outputEnds[0], closeOnDealloc: true) : nil
        if let standardInput {
            let handle = FileHandle(fileDescriptor: pipeEnds[1], closeOnDealloc: false)
            // Written from a thread of its own, so a child that does not read cannot block the test.
            Thread {
                try? handle.write(contentsOf: standardInput)
                try? handle.close()
            }.start()
        }
    }

    // glibc (2.34 and later) has both, but declares them only for _GNU_SOURCE, which Swift's
    // Glibc module is not built with; they are looked up by name instead.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    private static let addCloseFrom: AddCloseFrom = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("this glibc has no posix_spawn_file_actions_addclosefrom_np (2.34 or later needed)")
        }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()
    private static let addChdir: AddChdir = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else {
            fatalError("this glibc has no posix_spawn_file_actions_addchdir_np (2.29 or later needed)")
        }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    /// `ProcessInfo`'s environment with `extra` on top.
    public static func environment(adding extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
    }

    /// Whether the child is still running (it is reaped the first time it is seen to have ended).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// The exit status (the signal number when a signal ended it); nil while it runs.
    public var terminationStatus: Int32? { reap(blocking: false) }

    /// Blocks until the child ends; its exit status.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        while true {
            if let status = reap(blocking: false) { return status }
            usleep(5_000)
        }
    }

    /// Waits up to `timeout` without blocking a thread; the exit status, or nil if it still runs.
    public func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = reap(blocking: false) { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return reap(blocking: false)
    }

    /// Sends `signal` when the child still runs.
    public func send(_ signal: Int32) {
        if isRunning { Glibc.kill(pid, signal) }
    }

    /// SIGKILL, then waits (at most 5 s) until it is reaped.
    public func kill() {
        send(SIGKILL)
        let deadline = Date().addingTimeInterval(5)
        while isRunning && Date() < deadline { usleep(5_000) }
    }

    /// What the child wrote to a `.capture` stream (read after it ended).
    public func output() -> String {
        guard let capturePath, let data = FileManager.default.contents(atPath: capturePath) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private func reap(blocking: Bool) -> Int32? {
        exit.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            guard result == pid else { return nil }
            let signal = status & 0x7f
            known = signal == 0 ? (status >> 8) & 0xff : signal
            return known
        }
    }

    deinit {
        if reap(blocking: false) == nil {
            Glibc.kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
        if let capturePath { try? FileManager.default.removeItem(atPath: capturePath) }
    }
}

extension SpawnedProcess {
    /// Runs `executable` to its end; its exit status and everything it wrote to both streams.
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        currentDirectory: String? = nil, input: Data? = nil, separateStandardError: Bool = false
    ) throws -> (status: Int32, output: String) {
        let child = try SpawnedProcess(
            executable, arguments, environment: environment, currentDirectory: currentDirectory,
            standardOutput: .capture, standardError: separateStandardError ? .discard : nil, standardInput: input)
        let status = child.waitUntilExit()
        return (status, child.output())
    }
}

/// A spawn that failed, with the C error.
public struct SpawnError: Error, CustomStringConvertible {
    /// What failed and why.
    public let description: String

    init(_ operation: String, _ code: Int32) {
        description = "\(operation): \(String(cString: strerror(code)))"
    }
}
