import GRDB

/// The outbox's counters: the last sequence handed out, how far publishing and pruning have gone.
public struct OutboxState: Codable, Sendable, FetchableRecord, PersistableRecord {
    /// The table's name.
    public static let databaseTableName = "bus_outbox_state"

    /// Always 1: the table has one row.
    public var id: Int64 = 1
    /// The highest sequence assigned; sequences are never reused, even after pruning.
    public var lastSequence: Int64
    /// The highest sequence the relay has sent on the PUB socket at least once.
    public var publishedThrough: Int64
    /// Every sequence up to this one was removed by retention.
    public var prunedThrough: Int64

    /// The state row.
    public static func fetch(_ db: Database) throws -> OutboxState {
        try OutboxState.fetchOne(db, key: 1) ?? OutboxState(lastSequence: 0, publishedThrough: 0, prunedThrough: 0)
    }

    /// The oldest sequence still available for replay.
    public var oldestRetained: Int64 { prunedThrough + 1 }
}
