import NIOCore
import Synchronization

/// The device connections open now: which stations are connected, and the channels to close at shutdown.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [Int: any Channel] = [:]
        var stationsByConnection: [Int: Set<String>] = [:]
        var nextId = 1
    }

    private let state = Mutex(State())

    /// Makes an empty registry.
    init() {}

    /// Registers a new connection; returns its id.
    func open(_ channel: any Channel) -> Int {
        state.withLock { state in
            let id = state.nextId
            state.nextId += 1
            state.channels[id] = channel
            return id
        }
    }

    /// Notes that station `mn` sent an accepted packet on connection `id`.
    func attach(_ mn: String, to id: Int) {
        state.withLock { _ = $0.stationsByConnection[id, default: []].insert(mn) }
    }

    /// Forgets a closed connection.
    func close(_ id: Int) {
        state.withLock { state in
            state.channels[id] = nil
            state.stationsByConnection[id] = nil
        }
    }

    /// How many open connections station `mn` sent accepted packets on.
    func connectionCount(of mn: String) -> Int {
        state.withLock { $0.stationsByConnection.values.filter { $0.contains(mn) }.count }
    }

    /// How many connections are open.
    var openCount: Int {
        state.withLock { $0.channels.count }
    }

    /// Closes every open connection (graceful shutdown).
    func closeAll() {
        let channels = state.withLock { Array($0.channels.values) }
        for channel in channels { channel.close(promise: nil) }
    }
}
