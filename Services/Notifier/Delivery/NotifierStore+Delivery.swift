import Bus
import Domain
import Foundation
import GRDB

/// What one attempt came to.
enum AttemptOutcome: Sendable, Equatable {
    /// Accepted (2xx).
    case delivered(status: Int)
    /// Worth trying again (timeout, connection error, 5xx, 408, 429).
    case retry(status: Int?, error: String)
    /// Refused for good (other 4xx, bad channel).
    case failed(status: Int?, error: String)
}

/// What an operator may filter the delivery log by.
struct DeliveryFilter: Sendable {
    /// State.
    var state: Delivery.State?
    /// Receiving department.
    var department: String?
    /// Incident id.
    var incidentId: Int64?
    /// At most this many, newest first.
    var limit: Int = 100
}

extension NotifierStore {
    /// Routes one bus event to the departments' channels and queues the messages; runs inside the bus
    /// handler's transaction, so it happens once per event. Never does I/O.
    func enqueue(_ db: Database, event: BusEvent) throws {
        if event.topic.hasPrefix("emergency.incident.") {
            try enqueue(
                db, notificationId: event.envelope.id, topic: event.topic, incident: event.decode(IncidentEvent.self))
        } else {
            let payload = try EventEnvelope.makeDecoder().decode(JSONValue.self, from: event.payload)
            try enqueue(
                db,
                RoutedEvent(
                    TopicEvent(
                        id: event.envelope.id, topic: event.topic, type: event.envelope.type, time: event.envelope.time,
                        payload: payload)))
        }
    }

    /// Queues the deliveries of `incident`, reported by bus event `notificationId` on `topic`, and
    /// stores its CAP document.
    func enqueue(_ db: Database, notificationId: String, topic: String, incident: IncidentEvent) throws {
        let cap = try Self.recordCAP(db, incident: incident)
        try enqueue(
            db, RoutedEvent(notificationId: notificationId, topic: topic, incident: incident),
            capIdentifier: cap.identifier)
    }

    /// Routes `event`: in each department that must hear it, the routes in order (a match without
    /// `continue` ends the search), one message per channel. A new group's first message waits the
    /// route's group wait; later events of a group join a message not yet attempted, or make an update
    /// due no sooner than the group interval after the group's last message. Quiet hours hold
    /// non-urgent messages until the window ends.
    func enqueue(_ db: Database, _ event: RoutedEvent, capIdentifier: String? = nil) throws {
        let directory = try Self.directory(db)
        let now = self.now()
        if event.incident != nil {
            // Whether reminders go on is the incident's state, whichever routes this change matches.
            try db.execute(
                sql: "UPDATE notification_group SET unresolved = ? WHERE groupKey = ?",
                arguments: [event.leavesUnresolved, event.groupKey])
        }
        for department in directory.departments where event.recipients.map({ $0.contains(department.id) }) ?? true {
            var channels = Set<String>()
            for subscription in department.subscriptions where subscription.matches(event, at: now) {
                // Two routes to one channel still make one message.
                if channels.insert(subscription.channel).inserted,
                    let channel = department.channels.first(where: { $0.id == subscription.channel })
                {
                    try route(
                        db, event, department: department, channel: channel, subscription: subscription,
                        capIdentifier: capIdentifier, now: now)
                }
                if !subscription.continues { break }
            }
        }
    }

    /// Queues (or folds) the message of `event` for one department's channel chosen by `subscription`.
    private func route(
        _ db: Database, _ event: RoutedEvent, department: NotifierDirectory.Department,
        channel: NotifierDirectory.Channel, subscription: NotifierDirectory.Subscription, capIdentifier: String?,
        now: Date
    ) throws {
        let groupKey = event.groupKey
        let group = try NotificationGroup.fetchOne(
            db, key: ["departmentId": department.id, "channelId": channel.id, "groupKey": groupKey])
        let grouping = subscription.groupWaitSeconds > 0 || subscription.groupIntervalSeconds > 0
        var message: WebhookMessage
        var delivery: Delivery
        if grouping,
            var waiting = try Delivery.filter(
                Column("groupKey") == groupKey && Column("departmentId") == department.id
                    && Column("channelId") == channel.id && Column("state") == Delivery.State.pending.rawValue
                    && Column("attempts") == 0
            ).order(Column("id")).fetchOne(db)
        {
            // Nobody has seen this key yet: the change joins the waiting message.
            message = try EventEnvelope.makeDecoder().decode(WebhookMessage.self, from: waiting.body)
            message.topic = event.topic
            message.incident = event.incident ?? message.incident
            if let other = event.other { message.events = (message.events ?? []) + [other] }
            message.grouped = (message.grouped ?? [message.notificationId]) + [event.notificationId]
            message.repeat = nil
            waiting.topic = event.topic
            delivery = waiting
        } else {
            let key = "\(event.notificationId)/\(department.id)/\(channel.id)"
            message = WebhookMessage(
                notificationId: event.notificationId, idempotencyKey: key, topic: event.topic,
                department: department.id, incident: event.incident, events: event.other.map { [$0] },
                grouped: grouping ? [event.notificationId] : nil)
            var due = now
            if let group {
                due = max(now, group.lastNotifiedAt.addingTimeInterval(TimeInterval(subscription.groupIntervalSeconds)))
            } else {
                due = now.addingTimeInterval(TimeInterval(subscription.groupWaitSeconds))
            }
            if !event.isUrgent, let end = department.quietHours?.end(containing: due) { due = end }
            delivery = Delivery(
                id: nil, idempotencyKey: key, notificationId: event.notificationId, topic: event.topic,
                incidentId: event.incident?.incidentId, departmentId: department.id, channelId: channel.id,
                kind: channel.kind, target: channel.target, body: Data(), state: .pending, attempts: 0,
                nextAttemptAt: due, lastError: nil, createdAt: now, finishedAt: nil, groupKey: groupKey,
                subscriptionId: subscription.id)
        }
        if let capIdentifier {
            message.capIdentifier = capIdentifier
            message.capURL = links.capURL(capIdentifier)
        }
        if let incident = event.incident, channel.kind == "email" || channel.kind == "sms" {
            message.acknowledgeURL = links.acknowledgeURL(
                incident: incident, department: department.id,
                contact: Self.contact(of: department, reachedAt: channel), now: now)
        }
        delivery.body = try EventEnvelope.makeEncoder().encode(message)
        if delivery.id == nil {
            try delivery.insert(db, onConflict: .ignore)
        } else {
            try delivery.update(db)
        }
        // The group remembers the latest message (for repeats) and when it was last notified.
        var updated =
            group
            ?? NotificationGroup(
                departmentId: department.id, channelId: channel.id, groupKey: groupKey, subscriptionId: subscription.id,
                incidentId: event.incident?.incidentId, urgent: event.isUrgent, unresolved: false, body: Data(),
                lastNotificationId: event.notificationId, lastNotifiedAt: delivery.nextAttemptAt, repeats: 0)
        updated.subscriptionId = subscription.id
        updated.urgent = event.isUrgent
        updated.unresolved = event.leavesUnresolved
        updated.body = delivery.body
        updated.lastNotificationId = delivery.notificationId
        updated.lastNotifiedAt = max(group?.lastNotifiedAt ?? delivery.nextAttemptAt, delivery.nextAttemptAt)
        try updated.save(db)
    }

    /// The name of the contact a person's channel reaches (the contact whose email or phone is the
    /// channel's target), or the target itself.
    static func contact(of department: NotifierDirectory.Department, reachedAt channel: NotifierDirectory.Channel)
        -> String
    {
        let match = department.contacts.first {
            channel.kind == "email" ? $0.email == channel.target : $0.phone == channel.target
        }
        return match?.name ?? channel.target
    }

    /// Pending deliveries due at `now`, oldest due first.
    func dueDeliveries(at now: Date, limit: Int = 32) async throws -> [Delivery] {
        try await writer.read { db in
            try Delivery.filter(Column("state") == Delivery.State.pending.rawValue && Column("nextAttemptAt") <= now)
                .order(Column("nextAttemptAt"), Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// The secret of `channelId`, if it still exists.
    func secret(ofChannel channelId: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT secret FROM channel WHERE id = ?", arguments: [channelId])
        }
    }

    /// Logs an attempt at delivery `id` made at `at` and moves the delivery on: delivered, retried later
    /// under `policy`, or dead; publishes `notification.delivered` or `notification.failed` when final.
    @discardableResult
    func record(_ outcome: AttemptOutcome, deliveryId id: Int64, at: Date, policy: RetryPolicy) async throws
        -> Delivery?
    {
        let outbox = self.outbox
        return try await writer.write { db in
            guard var delivery = try Delivery.fetchOne(db, key: id), delivery.state == .pending else { return nil }
            delivery.attempts += 1
            var attempt = DeliveryAttempt(id: nil, deliveryId: id, at: at, outcome: "", status: nil, detail: nil)
            switch outcome {
            case .delivered(let status):
                attempt.outcome = "delivered"
                attempt.status = status
                delivery.state = .delivered
                delivery.finishedAt = at
                delivery.lastError = nil
            case .retry(let status, let error):
                attempt.status = status
                attempt.detail = error
                delivery.lastError = error
                if delivery.attempts >= policy.maxAttempts {
                    attempt.outcome = "failed"
                    delivery.state = .dead
                    delivery.finishedAt = at
                } else {
                    attempt.outcome = "retry"
                    delivery.nextAttemptAt = at.addingTimeInterval(policy.delay(afterAttempts: delivery.attempts))
                }
            case .failed(let status, let error):
                attempt.outcome = "failed"
                attempt.status = status
                attempt.detail = error
                delivery.lastError = error
                delivery.state = .dead
                delivery.finishedAt = at
            }
            try attempt.insert(db)
            try delivery.update(db)
            if delivery.state != .pending {
                let delivered = delivery.state == .delivered
                let name = delivered ? "notification.delivered" : "notification.failed"
                try outbox.enqueue(
                    db, topic: name, type: EventType(name),
                    payload: NotificationOutcomeEvent(
                        deliveryId: id, idempotencyKey: delivery.idempotencyKey,
                        notificationId: delivery.notificationId, incidentId: delivery.incidentId,
                        department: delivery.departmentId, channel: delivery.channelId, kind: delivery.kind,
                        attempts: delivery.attempts, error: delivered ? nil : delivery.lastError),
                    time: at)
            }
            return delivery
        }
    }

    /// Puts dead letter `id` back in the queue, due now, with a fresh attempt budget; nil when there is
    /// no such dead letter.
    func retryDeadLetter(_ id: Int64) async throws -> Delivery? {
        let now = self.now()
        return try await writer.write { db in
            guard var delivery = try Delivery.fetchOne(db, key: id), delivery.state == .dead else { return nil }
            delivery.state = .pending
            delivery.attempts = 0
            delivery.nextAttemptAt = now
            delivery.finishedAt = nil
            try delivery.update(db)
            return delivery
        }
    }

    /// Deliveries matching `filter`, newest first.
    func deliveries(_ filter: DeliveryFilter) async throws -> [Delivery] {
        try await writer.read { db in
            var request = Delivery.all()
            if let state = filter.state { request = request.filter(Column("state") == state.rawValue) }
            if let department = filter.department { request = request.filter(Column("departmentId") == department) }
            if let incidentId = filter.incidentId { request = request.filter(Column("incidentId") == incidentId) }
            return try request.order(Column("id").desc).limit(max(1, min(filter.limit, 1000))).fetchAll(db)
        }
    }

    /// Delivery `id`, if any.
    func delivery(_ id: Int64) async throws -> Delivery? {
        try await writer.read { db in try Delivery.fetchOne(db, key: id) }
    }

    /// The attempts at delivery `id`, oldest first.
    func attempts(ofDelivery id: Int64) async throws -> [DeliveryAttempt] {
        try await writer.read { db in
            try DeliveryAttempt.filter(Column("deliveryId") == id).order(Column("id")).fetchAll(db)
        }
    }
}

extension NotifierStore {
    /// Queues a test message to channel `channelId`, due now, so an operator can check the channel
    /// end to end; nil when there is no such channel.
    func enqueueTest(channelId: String) async throws -> Delivery? {
        let now = self.now()
        return try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM channel WHERE id = ?", arguments: [channelId])
            else { return nil }
            let departmentId: String = row["departmentId"]
            let notificationId = "test-\(UUID().uuidString.lowercased())"
            let key = "\(notificationId)/\(departmentId)/\(channelId)"
            let incident = IncidentEvent(
                action: .opened, incidentId: 0, type: "test", level: "IV", previousLevel: nil, levelScheme: "sudden",
                headline: "测试消息：通知渠道检查", instructions: "无需处置", scope: .init(kind: "city", id: "test"),
                active: true, acknowledged: false, responding: false, closed: false, responsible: [],
                informed: [], recipients: [departmentId], escalationStep: 0, assignee: nil, actor: "notifier",
                note: nil, acknowledgeBy: nil, reportDueBy: nil, openedAt: now, at: now, evidenceCount: 0, links: [])
            let message = WebhookMessage(
                notificationId: notificationId, idempotencyKey: key, topic: "notification.test",
                department: departmentId, incident: incident)
            var delivery = Delivery(
                id: nil, idempotencyKey: key, notificationId: notificationId, topic: "notification.test",
                incidentId: nil, departmentId: departmentId, channelId: channelId, kind: row["kind"],
                target: row["target"], body: try EventEnvelope.makeEncoder().encode(message), state: .pending,
                attempts: 0, nextAttemptAt: now, lastError: nil, createdAt: now, finishedAt: nil)
            try delivery.insert(db)
            return delivery
        }
    }
}
