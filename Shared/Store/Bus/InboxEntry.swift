import Foundation
import GRDB

/// A record that a subscriber took an event into account, written with the event's effect.
public struct InboxEntry: Codable, Sendable, FetchableRecord, PersistableRecord {
    /// The table's name.
    public static let databaseTableName = "bus_inbox"

    /// What became of an event.
    public enum Outcome: String, Codable, Sendable {
        /// The handler ran and its effect committed.
        case applied
        /// The handler failed repeatedly; the event waits in the dead-letter table.
        case deadLettered = "dead_lettered"
    }

    /// The publishing source.
    public var source: String
    /// The event's sequence in its source.
    public var sequence: Int64
    /// The event id.
    public var eventId: String
    /// The topic.
    public var topic: String
    /// The event type name.
    public var type: String
    /// What happened.
    public var outcome: Outcome
    /// When (UTC).
    public var appliedAt: Date

    /// Makes an inbox record.
    public init(
        source: String, sequence: Int64, eventId: String, topic: String, type: String, outcome: Outcome,
        appliedAt: Date
    ) {
        self.source = source
        self.sequence = sequence
        self.eventId = eventId
        self.topic = topic
        self.type = type
        self.outcome = outcome
        self.appliedAt = appliedAt
    }
}
