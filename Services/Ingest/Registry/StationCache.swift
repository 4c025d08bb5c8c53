import Synchronization

/// The registry rows the packet path has read, so that authenticating a packet costs no query.
///
/// Every registry write invalidates the whole cache after it committed; a lookup that raced with a
/// write is not cached (the generation it started from is gone), so a stale row never outlives a change.
final class StationCache: Sendable {
    private struct State {
        var generation = 0
        var entries: [String: Station?] = [:]
    }

    private let state = Mutex(State())

    /// Most MNs remembered (unknown ones included) before the cache starts over.
    static let capacity = 100_000

    /// Makes an empty cache.
    init() {}

    /// The cached row for `mn` (`.some(nil)`: known to be absent), or nil on a miss, with the generation to store under.
    func lookup(_ mn: String) -> (entry: Station??, generation: Int) {
        state.withLock { ($0.entries[mn], $0.generation) }
    }

    /// Remembers what the database said about `mn`, unless the registry changed since `generation`.
    func remember(_ station: Station?, for mn: String, generation: Int) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[mn] = .some(station)
        }
    }

    /// Forgets everything (call after a registry write committed).
    func invalidate() {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}
