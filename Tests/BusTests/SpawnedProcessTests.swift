import BusTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Test kit: children started with posix_spawn")
struct SpawnedProcessTests {
    @Test("input goes in, both streams come back, the exit status is the child's")
    func roundTrip() throws {
        let (status, output) = try SpawnedProcess.run(
            "/bin/sh", ["-c", "cat; echo to-stderr >&2; exit 3"], input: Data("hello\n".utf8))
        #expect(status == 3)
        #expect(output == "hello\nto-stderr\n")
    }

    @Test("a child ended by a signal reports the signal")
    func signalled() async throws {
        let child = try SpawnedProcess("/bin/sleep", ["30"])
        try await Task.sleep(for: .milliseconds(50))
        child.send(SIGTERM)
        #expect(await child.wait(timeout: .seconds(5)) == SIGTERM)
        #expect(!child.isRunning)
    }

    @Test("a signal this process ignores is not ignored by its children")
    func defaultDispositions() throws {
        // Given SIGUSR2 ignored here (no other test uses it), as runners and service groups ignore SIGTERM
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        // When a child sends itself SIGUSR2
        let (status, output) = try SpawnedProcess.run("/bin/sh", ["-c", "kill -USR2 $$; echo survived"])
        // Then it dies of it, as a freshly started program would
        #expect(status == SIGUSR2)
        #expect(output.isEmpty)
    }

    @Test("the child inherits none of the test's descriptors beyond its three streams")
    func descriptorsClosed() throws {
        // Given descriptors open in this process without close-on-exec
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        // When a child lists its own descriptors
        let (status, output) = try SpawnedProcess.run(
            "/bin/sh", ["-c", "ls /proc/$$/fd"], separateStandardError: true)
        // Then it has its standard streams and (for the listing) nothing of ours
        #expect(status == 0)
        let listed = Set(output.split(separator: "\n").compactMap { Int32($0) })
        #expect(listed.isSuperset(of: [0, 1, 2]))
        #expect(listed.isDisjoint(with: ends.filter { $0 > 2 }), "\(listed)")
    }

    @Test("standard output can be read while the child runs")
    func pipedOutput() async throws {
        let child = try SpawnedProcess(
            "/bin/sh", ["-c", "echo ready; sleep 30"], standardOutput: .pipe, standardError: .discard)
        defer { child.kill() }
        let first = try #require(child.pipe).availableData
        #expect(String(decoding: first, as: UTF8.self) == "ready\n")
        child.kill()
        #expect(child.terminationStatus == SIGKILL)
    }
}
