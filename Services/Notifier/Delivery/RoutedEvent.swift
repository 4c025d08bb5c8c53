import Domain
import Foundation

/// One bus event as routing sees it: an incident change or another topic's event.
struct RoutedEvent: Sendable {
    /// The bus event id.
    var notificationId: String
    /// The topic.
    var topic: String
    /// The event type.
    var type: String
    /// The incident, for `emergency.incident.*`.
    var incident: IncidentEvent?
    /// The event, for other topics.
    var other: TopicEvent?

    /// An incident change.
    init(notificationId: String, topic: String, incident: IncidentEvent) {
        self.notificationId = notificationId
        self.topic = topic
        type = incident.eventType.name
        self.incident = incident
        other = nil
    }

    /// Another topic's event.
    init(_ event: TopicEvent) {
        notificationId = event.id
        topic = event.topic
        type = event.type
        incident = nil
        other = event
    }

    /// What grouping folds together: one incident, or one topic.
    var groupKey: String {
        if let incident { return "incident.\(incident.incidentId)" }
        return "topic.\(topic)"
    }

    /// The departments that must hear: an incident's recipients; nil (any subscribed) otherwise.
    var recipients: [String]? { incident?.recipients }

    /// Whether quiet hours let it through: level I or red.
    var isUrgent: Bool { incident.map { QuietHours.isUrgent(level: $0.level) } ?? false }

    /// Whether it leaves its group unresolved, so repeats go on: an incident open, active, not acknowledged.
    var leavesUnresolved: Bool {
        guard let incident else { return false }
        return !incident.closed && incident.active && !incident.acknowledged
    }
}
