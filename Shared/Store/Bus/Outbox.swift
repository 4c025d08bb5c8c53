import Domain
import Foundation
import GRDB

/// Writes events into a service's outbox, inside the caller's transaction.
///
/// The event leaves the process only if that transaction commits: the publisher relays committed
/// rows, never anything held in memory.
public struct Outbox: Sendable {
    /// The source name stamped on every envelope (the service instance, e.g. `ingest`).
    public let source: String

    /// Makes an outbox writer for `source`.
    public init(source: String) {
        self.source = source
    }

    /// Appends an event with the next sequence number; call inside a write transaction.
    @discardableResult
    public func enqueue(
        _ db: Database,
        topic: String,
        type: EventType,
        payload: some Encodable,
        time: Date,
        correlationId: String? = nil,
        id: String = EventID.make()
    ) throws -> OutboxEntry {
        try enqueue(
            db, topic: topic, type: type, payloadJSON: try EventEnvelope.sharedEncoder.encode(payload), time: time,
            correlationId: correlationId, id: id)
    }

    /// Appends an event whose payload is already JSON (written by hand on a hot path); call inside
    /// a write transaction. The payload must be valid JSON: subscribers count anything else as bad.
    @discardableResult
    public func enqueue(
        _ db: Database,
        topic: String,
        type: EventType,
        payloadJSON payloadData: Data,
        time: Date,
        correlationId: String? = nil,
        id: String = EventID.make()
    ) throws -> OutboxEntry {
        guard Topic.isValid(topic) else { throw OutboxError.invalidTopic(topic) }
        // Writers are serialised, so the next number read here is still free at insert time.
        let next = try db.cachedStatement(
            sql: """
                SELECT MAX(COALESCE((SELECT MAX(sequence) FROM \(OutboxEntry.databaseTableName)), 0), prunedThrough) + 1
                FROM \(OutboxState.databaseTableName) WHERE id = 1
                """)
        guard let sequence = try Int64.fetchOne(next) else { throw OutboxError.missingState }
        let envelope = EventEnvelope(
            id: id, source: source, sequence: sequence, type: type.name, version: type.version, time: time,
            correlationId: correlationId)
        let entry = OutboxEntry(
            sequence: sequence, eventId: id, topic: topic, type: type.name, envelope: envelope.jsonData(),
            payload: payloadData, createdAt: Date())
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO \(OutboxEntry.databaseTableName) (sequence, eventId, topic, type, envelope, payload, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try insert.execute(arguments: [
            entry.sequence, entry.eventId, entry.topic, entry.type, entry.envelope, entry.payload,
            entry.createdAt.timeIntervalSince1970,
        ])
        return entry
    }

    /// The committed events from `sequence` on, in order, at most `limit`.
    public static func entries(_ db: Database, from sequence: Int64, limit: Int) throws -> [OutboxEntry] {
        // A cached statement and positional columns: this runs for every relay and replay batch.
        let statement = try db.cachedStatement(
            sql: """
                SELECT sequence, eventId, topic, type, envelope, payload, createdAt
                FROM \(OutboxEntry.databaseTableName) WHERE sequence >= ? ORDER BY sequence LIMIT ?
                """)
        let rows = try Row.fetchCursor(statement, arguments: [sequence, limit])
        var entries: [OutboxEntry] = []
        while let row = try rows.next() {
            entries.append(
                OutboxEntry(
                    sequence: row[0], eventId: row[1], topic: row[2], type: row[3], envelope: row[4], payload: row[5],
                    createdAt: Date(timeIntervalSince1970: row[6])))
        }
        return entries
    }

    /// Deletes events that were published and are older than `cutoff`; returns how many went.
    @discardableResult
    public static func prune(_ db: Database, olderThan cutoff: Date) throws -> Int {
        let state = try OutboxState.fetch(db)
        let newest = try Int64.fetchOne(
            db,
            sql: "SELECT MAX(sequence) FROM \(OutboxEntry.databaseTableName) WHERE sequence <= ? AND createdAt < ?",
            arguments: [state.publishedThrough, cutoff.timeIntervalSince1970])
        guard let newest, newest > state.prunedThrough else { return 0 }
        try db.execute(
            sql: "DELETE FROM \(OutboxEntry.databaseTableName) WHERE sequence <= ?", arguments: [newest])
        let removed = db.changesCount
        try db.execute(
            sql: "UPDATE \(OutboxState.databaseTableName) SET prunedThrough = ? WHERE id = 1", arguments: [newest])
        return removed
    }
}

/// Why an event could not be put in the outbox.
public enum OutboxError: Error, CustomStringConvertible {
    /// The topic is empty or has empty or non-printable segments.
    case invalidTopic(String)
    /// The outbox state row is missing: the bus migrations did not run.
    case missingState

    public var description: String {
        switch self {
        case .invalidTopic(let topic): "invalid bus topic '\(topic)'"
        case .missingState: "bus outbox state is missing; run BusMigrations first"
        }
    }
}
