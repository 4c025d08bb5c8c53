import Domain
import Foundation

/// The JSON body a webhook receives for an incident change.
struct WebhookMessage: Codable, Sendable, Equatable {
    /// The bus event id this message reports.
    var notificationId: String
    /// `<notificationId>/<department>/<channel>`, also in the `Idempotency-Key` header.
    var idempotencyKey: String
    /// The bus topic, e.g. `emergency.incident.opened`.
    var topic: String
    /// The receiving department.
    var department: String
    /// The incident as it is after the change.
    var incident: IncidentEvent
    /// Every bus event this message stands for, when changes were grouped (oldest first).
    var grouped: [String]?
}

/// Payload of `notification.delivered` and `notification.failed` (topic and type of the same names,
/// version 1): the outcome of one delivery.
struct NotificationOutcomeEvent: Codable, Sendable, Equatable {
    /// The delivery's id in the notifier.
    var deliveryId: Int64
    /// Its idempotency key.
    var idempotencyKey: String
    /// The bus event it reported.
    var notificationId: String
    /// The incident, when it was about one.
    var incidentId: Int64?
    /// The receiving department.
    var department: String
    /// The channel id.
    var channel: String
    /// The channel kind.
    var kind: String
    /// Attempts made.
    var attempts: Int
    /// Why it failed, for `notification.failed`.
    var error: String?
}
