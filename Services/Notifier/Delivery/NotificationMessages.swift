import Domain
import Foundation

/// The JSON body a webhook receives (and what email and SMS are rendered from): an incident change,
/// or one or more events of another topic.
struct WebhookMessage: Codable, Sendable, Equatable {
    /// The bus event id this message reports (the last one, when grouped).
    var notificationId: String
    /// `<notificationId>/<department>/<channel>`, also in the `Idempotency-Key` header.
    var idempotencyKey: String
    /// The bus topic, e.g. `emergency.incident.opened` or `waste.anomaly.transit_too_long`.
    var topic: String
    /// The receiving department.
    var department: String
    /// The incident as it is after the change (incident topics).
    var incident: IncidentEvent?
    /// The events reported, oldest first (other topics; more than one when grouped).
    var events: [TopicEvent]?
    /// Every bus event this message stands for, when changes were grouped (oldest first).
    var grouped: [String]?
    /// Which reminder this is (1, 2…) for a repeat of an unresolved incident; absent otherwise.
    var `repeat`: Int?
    /// The absolute URL of the incident's latest CAP document.
    var capURL: String?
    /// The CAP identifier behind `capURL`.
    var capIdentifier: String?
    /// The signed one-click acknowledgement link (messages to people of a responsible department).
    var acknowledgeURL: String?

    /// Makes a message.
    init(
        notificationId: String, idempotencyKey: String, topic: String, department: String,
        incident: IncidentEvent? = nil, events: [TopicEvent]? = nil, grouped: [String]? = nil
    ) {
        self.notificationId = notificationId
        self.idempotencyKey = idempotencyKey
        self.topic = topic
        self.department = department
        self.incident = incident
        self.events = events
        self.grouped = grouped
    }
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
