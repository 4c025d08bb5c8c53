import Foundation
import GRDB

/// One event in a publisher's outbox: the exact bytes that go on the wire, kept for replay.
public struct OutboxEntry: Codable, Sendable, FetchableRecord, PersistableRecord {
    /// The table's name.
    public static let databaseTableName = "bus_outbox"

    /// The per-source sequence number.
    public var sequence: Int64
    /// The event id.
    public var eventId: String
    /// The bus topic.
    public var topic: String
    /// The event type name.
    public var type: String
    /// The envelope frame (JSON).
    public var envelope: Data
    /// The payload frame (JSON).
    public var payload: Data
    /// When the row was written (UTC).
    public var createdAt: Date

    /// The three wire frames: topic, envelope, payload.
    public var frames: [Data] { [Data(topic.utf8), envelope, payload] }
}
