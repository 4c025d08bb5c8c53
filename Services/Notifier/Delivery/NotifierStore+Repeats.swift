import Domain
import Foundation
import GRDB

extension NotifierStore {
    /// Queues a reminder for every unresolved incident group whose route has a repeat interval that
    /// has passed since the group's last message, when no message of the group is still waiting and
    /// the route is on duty now; returns how many were queued. The reminder repeats the latest
    /// message under a new idempotency key (`<last event>.repeat<n>/<department>/<channel>`).
    @discardableResult
    func scheduleRepeats(at now: Date) async throws -> Int {
        let links = self.links
        // Most checks find nothing to repeat: look before taking the write lock.
        let candidates = try await writer.read { db in
            try NotificationGroup.filter(Column("unresolved") == true).fetchCount(db)
        }
        guard candidates > 0 else { return 0 }
        return try await writer.write { db in
            let groups = try NotificationGroup.filter(Column("unresolved") == true).fetchAll(db)
            guard !groups.isEmpty else { return 0 }
            let directory = try Self.directory(db)
            var queued = 0
            for var group in groups {
                guard let department = directory.departments.first(where: { $0.id == group.departmentId }),
                    let subscription = department.subscriptions.first(where: { $0.id == group.subscriptionId }),
                    let channel = department.channels.first(where: { $0.id == group.channelId }),
                    subscription.repeatIntervalSeconds > 0, subscription.isOnDuty(at: now),
                    now >= group.lastNotifiedAt.addingTimeInterval(TimeInterval(subscription.repeatIntervalSeconds))
                else { continue }
                let waiting = try Delivery.filter(
                    Column("groupKey") == group.groupKey && Column("departmentId") == group.departmentId
                        && Column("channelId") == group.channelId && Column("state") == Delivery.State.pending.rawValue
                ).fetchCount(db)
                guard waiting == 0 else { continue }
                let number = group.repeats + 1
                let base = group.lastNotificationId.components(separatedBy: ".repeat").first ?? group.lastNotificationId
                let notificationId = "\(base).repeat\(number)"
                let key = "\(notificationId)/\(department.id)/\(channel.id)"
                var message = try EventEnvelope.makeDecoder().decode(WebhookMessage.self, from: group.body)
                message.notificationId = notificationId
                message.idempotencyKey = key
                message.repeat = number
                message.grouped = nil
                if let incident = message.incident, channel.kind == "email" || channel.kind == "sms" {
                    // A fresh link: the one in the first message may be close to expiring.
                    message.acknowledgeURL = links.acknowledgeURL(
                        incident: incident, department: department.id,
                        contact: Self.contact(of: department, reachedAt: channel), now: now)
                }
                var due = now
                if !group.urgent, let end = department.quietHours?.end(containing: now) { due = end }
                var delivery = Delivery(
                    id: nil, idempotencyKey: key, notificationId: notificationId, topic: message.topic,
                    incidentId: group.incidentId, departmentId: department.id, channelId: channel.id,
                    kind: channel.kind,
                    target: channel.target, body: try EventEnvelope.makeEncoder().encode(message), state: .pending,
                    attempts: 0, nextAttemptAt: due, lastError: nil, createdAt: now, finishedAt: nil,
                    groupKey: group.groupKey, subscriptionId: subscription.id)
                try delivery.insert(db, onConflict: .ignore)
                group.repeats = number
                group.lastNotifiedAt = due
                group.lastNotificationId = notificationId
                try group.update(db)
                queued += 1
            }
            return queued
        }
    }
}
