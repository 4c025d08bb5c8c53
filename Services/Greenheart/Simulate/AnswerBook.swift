import NIOCore
import Synchronization

/// The QNs a device's connection got a 9014 for, shared by its reader and writer; the writer
/// waits on it for the answer to what it just sent.
final class AnswerBook: Sendable {
    private struct State {
        var answered: Set<String> = []
        var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
        var timers: [String: Scheduled<Void>] = [:]
    }

    private let state = Mutex(State())
    private let loop: any EventLoop

    /// Makes an empty book whose waits time out on `loop` (the connection's event loop).
    init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Notes an answer and wakes whoever waits for it.
    func insert(_ qn: String) {
        let (waiting, timer) = state.withLock { state in
            state.answered.insert(qn)
            return (state.waiters.removeValue(forKey: qn) ?? [], state.timers.removeValue(forKey: qn))
        }
        timer?.cancel()
        waiting.forEach { $0.resume() }
    }

    /// Whether `qn` was answered.
    func contains(_ qn: String) -> Bool {
        state.withLock { $0.answered.contains(qn) }
    }

    /// Waits until `qn` is answered, `timeout` passes or the task is cancelled; whether it was answered.
    ///
    /// The timeout is one timer on the event loop, cancelled by the answer: a task group with a
    /// sleeping child per upload cost the simulator more CPU than building the packet did.
    func wait(for qn: String, timeout: Duration) async -> Bool {
        if contains(qn) { return true }
        let (seconds, attoseconds) = timeout.components
        let delay = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.answered.contains(qn) { return true }
                    state.waiters[qn, default: []].append(continuation)
                    if state.timers[qn] == nil {
                        state.timers[qn] = loop.scheduleTask(in: delay) { self.release(qn) }
                    }
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            release(qn)
        }
        return contains(qn)
    }

    /// Wakes the waiters of `qn` without an answer (the wait timed out or was cancelled).
    private func release(_ qn: String) {
        let (waiting, timer) = state.withLock { state in
            (state.waiters.removeValue(forKey: qn) ?? [], state.timers.removeValue(forKey: qn))
        }
        timer?.cancel()
        waiting.forEach { $0.resume() }
    }
}
