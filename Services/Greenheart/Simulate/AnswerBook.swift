import Synchronization

/// The QNs a device's connection got a 9014 for, shared by its reader and writer.
final class AnswerBook: Sendable {
    private let answered = Mutex(Set<String>())

    /// Makes an empty book.
    init() {}

    /// Notes an answer.
    func insert(_ qn: String) {
        answered.withLock { _ = $0.insert(qn) }
    }

    /// Whether `qn` was answered.
    func contains(_ qn: String) -> Bool {
        answered.withLock { $0.contains(qn) }
    }
}
