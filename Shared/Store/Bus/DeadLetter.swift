import Foundation
import GRDB

/// An event a subscriber could not apply, kept with its error until an operator retries it, or a
/// range of events the subscriber can never get because the publisher no longer retains it.
public struct DeadLetter: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    /// The table's name.
    public static let databaseTableName = "bus_dead_letter"

    /// Where a dead letter stands.
    public enum Status: String, Codable, Sendable {
        /// Waiting for an operator.
        case open
        /// Retried by an operator and applied.
        case retried
        /// Events the publisher had already pruned: gone for good, recorded so nobody is surprised.
        case lost
    }

    /// Row id.
    public var id: Int64?
    /// The publishing source.
    public var source: String
    /// The event's sequence (for `lost`, the first lost sequence).
    public var sequence: Int64
    /// The event id, when known.
    public var eventId: String?
    /// The topic, when known.
    public var topic: String?
    /// The event type, when known.
    public var type: String?
    /// The envelope frame, when known.
    public var envelope: Data?
    /// The payload frame, when known.
    public var payload: Data?
    /// The last error.
    public var error: String
    /// How many times the handler ran.
    public var attempts: Int
    /// Current status.
    public var status: Status
    /// First failure (UTC).
    public var firstFailedAt: Date
    /// Last failure (UTC).
    public var lastFailedAt: Date

    /// Makes a dead letter.
    public init(
        id: Int64? = nil, source: String, sequence: Int64, eventId: String?, topic: String?, type: String?,
        envelope: Data?, payload: Data?, error: String, attempts: Int, status: Status, firstFailedAt: Date,
        lastFailedAt: Date
    ) {
        self.id = id
        self.source = source
        self.sequence = sequence
        self.eventId = eventId
        self.topic = topic
        self.type = type
        self.envelope = envelope
        self.payload = payload
        self.error = error
        self.attempts = attempts
        self.status = status
        self.firstFailedAt = firstFailedAt
        self.lastFailedAt = lastFailedAt
    }

    /// Takes the row id after an insert.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
