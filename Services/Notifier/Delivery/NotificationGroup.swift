import Foundation
import GRDB

/// What the notifier remembers of a group (an incident, or a topic) per department and channel: its
/// latest message, when it was last notified and whether its incident is still unresolved. Group
/// intervals and repeats are computed from it. Table `notification_group`.
struct NotificationGroup: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// Table name.
    static let databaseTableName = "notification_group"

    /// The department.
    var departmentId: String
    /// The channel.
    var channelId: String
    /// `incident.<id>` or `topic.<topic>`.
    var groupKey: String
    /// The route that last chose this channel for the group.
    var subscriptionId: String
    /// The incident, for incident groups.
    var incidentId: Int64?
    /// Whether its latest change passes quiet hours (level I or red).
    var urgent: Bool
    /// Whether its incident is open, active and unacknowledged (repeats go on while it is).
    var unresolved: Bool
    /// The latest message's body (a `WebhookMessage`).
    var body: Data
    /// The bus event id of the latest message.
    var lastNotificationId: String
    /// When its latest message was (or is) due (UTC).
    var lastNotifiedAt: Date
    /// Reminders sent so far.
    var repeats: Int
}
