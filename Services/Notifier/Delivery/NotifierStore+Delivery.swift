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
    /// Queues one delivery per matching subscription of each recipient department of an incident event;
    /// runs inside the bus handler's transaction, so it happens once per event. Never does I/O.
    func enqueue(_ db: Database, event: BusEvent) throws {
        try enqueue(
            db, notificationId: event.envelope.id, topic: event.topic, incident: event.decode(IncidentEvent.self))
    }

    /// Queues the deliveries of `incident`, reported by bus event `notificationId` on `topic`.
    func enqueue(_ db: Database, notificationId: String, topic: String, incident: IncidentEvent) throws {
        try Self.recordCAP(db, incident: incident)
        let directory = try Self.directory(db)
        let now = self.now()
        for department in directory.departments where incident.recipients.contains(department.id) {
            // Quiet hours hold non-urgent messages until the window ends; level I and red go now.
            let due =
                QuietHours.isUrgent(level: incident.level) ? now : department.quietHours?.end(containing: now) ?? now
            var channels = Set<String>()
            for subscription in department.subscriptions
            where subscription.matches(
                topic: topic, type: incident.type, level: incident.level, county: incident.scope.county)
            {
                // Two subscriptions to one channel still make one message.
                guard channels.insert(subscription.channel).inserted,
                    let channel = department.channels.first(where: { $0.id == subscription.channel })
                else { continue }
                if subscription.groupWaitSeconds > 0,
                    try regroup(
                        db, notificationId: notificationId, topic: topic, incident: incident,
                        department: department.id, channel: channel.id)
                {
                    continue
                }
                let key = "\(notificationId)/\(department.id)/\(channel.id)"
                let message = WebhookMessage(
                    notificationId: notificationId, idempotencyKey: key, topic: topic,
                    department: department.id, incident: incident,
                    grouped: subscription.groupWaitSeconds > 0 ? [notificationId] : nil)
                let due = max(due, now.addingTimeInterval(TimeInterval(subscription.groupWaitSeconds)))
                var delivery = Delivery(
                    id: nil, idempotencyKey: key, notificationId: notificationId, topic: topic,
                    incidentId: incident.incidentId, departmentId: department.id, channelId: channel.id,
                    kind: channel.kind, target: channel.target,
                    body: try EventEnvelope.makeEncoder().encode(message), state: .pending, attempts: 0,
                    nextAttemptAt: due, lastError: nil, createdAt: now, finishedAt: nil)
                try delivery.insert(db, onConflict: .ignore)
            }
        }
    }

    /// Folds a change into a message of the same incident and channel still waiting for its first
    /// attempt (so no receiver has seen its key yet); false when there is none.
    private func regroup(
        _ db: Database, notificationId: String, topic: String, incident: IncidentEvent, department: String,
        channel: String
    ) throws -> Bool {
        guard
            var waiting = try Delivery.filter(
                Column("incidentId") == incident.incidentId && Column("departmentId") == department
                    && Column("channelId") == channel && Column("state") == Delivery.State.pending.rawValue
                    && Column("attempts") == 0
            ).order(Column("id")).fetchOne(db)
        else { return false }
        var message = try EventEnvelope.makeDecoder().decode(WebhookMessage.self, from: waiting.body)
        message.topic = topic
        message.incident = incident
        message.grouped = (message.grouped ?? [message.notificationId]) + [notificationId]
        waiting.topic = topic
        waiting.body = try EventEnvelope.makeEncoder().encode(message)
        try waiting.update(db)
        return true
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
