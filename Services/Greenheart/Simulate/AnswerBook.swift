import Synchronization

/// The QNs a device's connection got a 9014 for, shared by its reader and writer; the writer
/// waits on it for the answer to what it just sent.
final class AnswerBook: Sendable {
    private struct State {
        var answered: Set<String> = []
        var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let state = Mutex(State())

    /// Makes an empty book.
    init() {}

    /// Notes an answer and wakes whoever waits for it.
    func insert(_ qn: String) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.answered.insert(qn)
            return state.waiters.removeValue(forKey: qn) ?? []
        }
        waiting.forEach { $0.resume() }
    }

    /// Whether `qn` was answered.
    func contains(_ qn: String) -> Bool {
        state.withLock { $0.answered.contains(qn) }
    }

    /// Waits until `qn` is answered or `timeout` passes; whether it was answered.
    ///
    /// The writer used to poll every few milliseconds, which cost the simulator more CPU than the
    /// packets did and added a poll interval to every round trip.
    func wait(for qn: String, timeout: Duration) async -> Bool {
        if contains(qn) { return true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspendUntilAnswered(qn) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.release(qn)
            }
            await group.next()
            group.cancelAll()
            release(qn)
        }
        return contains(qn)
    }

    private func suspendUntilAnswered(_ qn: String) async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.answered.contains(qn) { return true }
                state.waiters[qn, default: []].append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Wakes the waiters of `qn` without an answer (the wait timed out).
    private func release(_ qn: String) {
        let waiting = state.withLock { $0.waiters.removeValue(forKey: qn) ?? [] }
        waiting.forEach { $0.resume() }
    }
}
