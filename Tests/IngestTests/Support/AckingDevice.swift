import Bus
import Domain
import Foundation
import NIOCore
import NIOPosix

/// A device that behaves like a real data logger: it sends, waits for the 9014 with a timeout, and
/// resends when none comes. A reader task collects the answered QNs.
enum AckingDevice {
    /// Connects to `port` and runs `body` with a send function and a wait-for-answer function.
    static func with(
        port: Int,
        _ body: (_ send: ([UInt8]) async throws -> Void, _ answered: (String, Duration) async -> Bool) async throws ->
            Void
    ) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            let answers = LockedValue(Set<String>())
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var pending: [UInt8] = []
                    for try await buffer in inbound {
                        pending += Array(buffer.readableBytesView)
                        while let end = pending.firstIndex(of: 0x0A) {
                            let frame = Array(pending[...end])
                            pending.removeSubrange(...end)
                            if let qn = try? HJ212Message(wireBytes: frame).qn {
                                answers.withLock { _ = $0.insert(qn) }
                            }
                        }
                    }
                }
                try await body(
                    { bytes in try await outbound.write(ByteBuffer(bytes: bytes)) },
                    { qn, timeout in
                        let deadline = ContinuousClock.now + timeout
                        while ContinuousClock.now < deadline {
                            if answers.withLock({ $0.contains(qn) }) { return true }
                            try? await Task.sleep(for: .milliseconds(2))
                        }
                        return answers.withLock { $0.contains(qn) }
                    })
                group.cancelAll()
            }
        }
    }
}

/// Deterministic pseudo-random numbers for mutation tests (SplitMix64).
struct TestRandom {
    private var state: UInt64

    /// Seeds the generator.
    init(seed: UInt64) { state = seed }

    /// The next 64 bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }
}
