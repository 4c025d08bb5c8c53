import GRDB

/// The outbox's counters: the last sequence handed out, how far publishing and pruning have gone.
public struct OutboxState: Sendable, Equatable {
    /// The table's name.
    public static let databaseTableName = "bus_outbox_state"

    /// The highest sequence assigned; sequences are never reused, even after pruning.
    ///
    /// Derived, not stored: the highest row of the outbox, or what pruning removed when it is empty.
    /// Not storing it saves a page write on every event.
    public var lastSequence: Int64
    /// The highest sequence the relay has sent on the PUB socket at least once.
    public var publishedThrough: Int64
    /// Every sequence up to this one was removed by retention.
    public var prunedThrough: Int64

    /// Makes a state value.
    public init(lastSequence: Int64, publishedThrough: Int64, prunedThrough: Int64) {
        self.lastSequence = lastSequence
        self.publishedThrough = publishedThrough
        self.prunedThrough = prunedThrough
    }

    /// The current state.
    public static func fetch(_ db: Database) throws -> OutboxState {
        let statement = try db.cachedStatement(
            sql: """
                SELECT publishedThrough, prunedThrough, (SELECT MAX(sequence) FROM \(OutboxEntry.databaseTableName))
                FROM \(databaseTableName) WHERE id = 1
                """)
        guard let row = try Row.fetchOne(statement) else {
            return OutboxState(lastSequence: 0, publishedThrough: 0, prunedThrough: 0)
        }
        let pruned: Int64 = row[1]
        let newest: Int64? = row[2]
        return OutboxState(lastSequence: max(newest ?? 0, pruned), publishedThrough: row[0], prunedThrough: pruned)
    }

    /// The oldest sequence still available for replay.
    public var oldestRetained: Int64 { prunedThrough + 1 }
}
