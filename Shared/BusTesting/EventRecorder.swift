import Bus
import Domain
import Foundation

/// A plain (non-reliable) subscriber that records every event it hears, for asserting what a
/// service put on the bus. It does no replay: use it after the publisher is up, or use a real
/// `EventSubscriber` when nothing may be missed.
public final class EventRecorder: Sendable {
    private let channel: ZMQChannel
    private let recorded = LockedValue<[BusEvent]>([])
    private let pump: Task<Void, Never>

    /// Connects to `endpoint` and subscribes to `prefixes`.
    public init(context: ZMQContext, endpoint: String, prefixes: [String]) throws {
        let channel = try ZMQChannel(context: context, kind: .sub, name: "event-recorder") { socket in
            for prefix in prefixes { try socket.subscribe(prefix) }
            try socket.connect(endpoint)
        }
        self.channel = channel
        let recorded = self.recorded
        pump = Task {
            for await message in channel.messages {
                if case .success(let event) = BusEvent.parse(message.frames) {
                    recorded.withLock { $0.append(event) }
                }
            }
        }
    }

    /// Every event heard so far, heartbeats included.
    public var events: [BusEvent] { recorded.withLock { $0 } }

    /// Events heard so far whose topic starts with `prefix`.
    public func events(withPrefix prefix: String) -> [BusEvent] {
        events.filter { $0.topic.hasPrefix(prefix) }
    }

    /// Disconnects.
    public func close() {
        channel.close()
        pump.cancel()
    }
}
