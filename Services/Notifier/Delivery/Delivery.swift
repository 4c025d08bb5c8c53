import Foundation
import GRDB

/// One message to one department's channel for one notification: the unit of the delivery queue.
struct Delivery: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Where it is in its life.
    enum State: String, Codable, Sendable, DatabaseValueConvertible {
        /// Waiting for its next attempt at `nextAttemptAt`.
        case pending
        /// A receiver accepted it.
        case delivered
        /// Failed for good or out of attempts: a dead letter, until an operator retries it.
        case dead
    }

    /// Row id.
    var id: Int64?
    /// `<notificationId>/<departmentId>/<channelId>`: sent with every attempt as `Idempotency-Key`.
    var idempotencyKey: String
    /// The bus event id that caused it.
    var notificationId: String
    /// The bus topic of that event.
    var topic: String
    /// The incident, when it is about one.
    var incidentId: Int64?
    /// The receiving department.
    var departmentId: String
    /// The channel's id.
    var channelId: String
    /// The channel's kind (`webhook`).
    var kind: String
    /// The channel's target when it was queued.
    var target: String
    /// The exact bytes sent on every attempt.
    var body: Data
    /// The state.
    var state: State
    /// Attempts made so far.
    var attempts: Int
    /// When the next attempt is due (UTC).
    var nextAttemptAt: Date
    /// The last failure.
    var lastError: String?
    /// When it was queued (UTC).
    var createdAt: Date
    /// When it was delivered or died (UTC).
    var finishedAt: Date?
    /// What grouping folds together: `incident.<id>` or `topic.<topic>` (absent for test messages).
    var groupKey: String? = nil
    /// The route (subscription) that chose it.
    var subscriptionId: String? = nil

    /// Takes the row id after insert.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One try at a delivery and its outcome.
struct DeliveryAttempt: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    /// Row id.
    var id: Int64?
    /// The delivery.
    var deliveryId: Int64
    /// When it was made (UTC).
    var at: Date
    /// `delivered`, `retry` or `failed`.
    var outcome: String
    /// The HTTP status, when one came back.
    var status: Int?
    /// Error text or a short response excerpt.
    var detail: String?

    /// Table name.
    static let databaseTableName = "delivery_attempt"

    /// Takes the row id after insert.
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
