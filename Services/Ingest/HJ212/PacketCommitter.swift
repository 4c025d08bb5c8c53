import Dispatch
import Domain
import GRDB
import Synchronization

/// Group commit for device packets: packets that arrive on many connections while a transaction is
/// being written are stored together in the next one, each inside its own savepoint.
///
/// Every packet keeps its own invariant (its raw row, readings and events commit or roll back
/// together) and its caller still hears only after the shared transaction committed, so a 9014 never
/// precedes durable storage. What changes is the number of commits: one per batch instead of one per
/// packet, which is what bounds throughput with many concurrent devices.
final class PacketCommitter: Sendable {
    private struct Pending: Sendable {
        var packets: [ReceivedPacket]
        var continuation: CheckedContinuation<PacketVerdict, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var flushing = false
    }

    private let store: IngestStore
    private let globalOptions: HJ212Options
    private let state = Mutex(State())
    // Commits run on their own thread, never on the cooperative pool, because GRDB's write blocks.
    private let queue = DispatchQueue(label: "greenheart.ingest.group-commit")

    /// Most packets stored in one transaction.
    static let maximumBatch = 512

    /// Makes a committer over `store`.
    init(store: IngestStore, globalOptions: HJ212Options) {
        self.store = store
        self.globalOptions = globalOptions
    }

    /// Stores the packets (one, or all parts of a split upload) and returns their verdict once committed.
    func ingest(_ packets: [ReceivedPacket]) async throws -> PacketVerdict {
        // Normalising here, on the caller's thread, keeps that work out of the one writer thread.
        let packets = packets.map(prepare)
        return try await withCheckedThrowingContinuation { continuation in
            let lead = state.withLock { state -> Bool in
                state.queue.append(Pending(packets: packets, continuation: continuation))
                guard !state.flushing else { return false }
                state.flushing = true
                return true
            }
            if lead { queue.async { self.flush() } }
        }
    }

    /// `packet` with its readings normalised, when its station is in the cache.
    private func prepare(_ packet: ReceivedPacket) -> ReceivedPacket {
        guard case .success(let message) = packet.content, let mn = message.mn,
            case .some(.some(let station)) = store.stationCache.lookup(mn).entry
        else { return packet }
        var prepared = packet
        prepared.prepared = PreparedReadings(
            timeZone: station.timeZone,
            readings: Result { () throws(IngestRefusal) -> [ReadingInput] in
                try HJ212Normaliser.readings(from: message, station: station)
            })
        return prepared
    }

    private func flush() {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let taken = Array(state.queue.prefix(Self.maximumBatch))
                state.queue.removeFirst(taken.count)
                if taken.isEmpty { state.flushing = false }
                return taken
            }
            guard !batch.isEmpty else { return }
            let results: [Result<PacketVerdict, any Error>]
            do {
                // Without a savepoint per packet first (two statements each); should any packet fail,
                // the whole transaction rolls back and the batch is stored again, each packet guarded
                // so that its failure undoes only itself.
                results = try store.writer.write { db in
                    try batch.map { pending in
                        .success(try store.ingest(db, packets: pending.packets, globalOptions: globalOptions))
                    }
                }
            } catch {
                results = storeGuarded(batch)
            }
            for (pending, result) in zip(batch, results) {
                pending.continuation.resume(with: result)
            }
        }
    }

    /// Stores each packet of `batch` in a savepoint of its own, in one transaction.
    private func storeGuarded(_ batch: [Pending]) -> [Result<PacketVerdict, any Error>] {
        do {
            return try store.writer.write { db in
                batch.map { pending in
                    Result {
                        try db.withSavepoint {
                            try store.ingest(db, packets: pending.packets, globalOptions: globalOptions)
                        }
                    }
                }
            }
        } catch {
            return batch.map { _ in .failure(error) }
        }
    }
}
