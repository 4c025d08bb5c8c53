import Foundation
import GRDB

extension NotifierStore {
    /// Replaces the whole directory with `directory` in one transaction (deliveries already queued
    /// keep their target).
    func replaceDirectory(_ directory: NotifierDirectory) async throws {
        try await writer.write { db in try Self.replace(db, with: directory) }
    }

    /// Replaces the directory synchronously, at start-up from the configuration file.
    func loadDirectory(_ directory: NotifierDirectory) throws {
        try writer.write { db in try Self.replace(db, with: directory) }
    }

    /// Replaces the directory with `db`.
    static func replace(_ db: Database, with directory: NotifierDirectory) throws {
        try db.execute(
            sql: "DELETE FROM subscription; DELETE FROM channel; DELETE FROM contact; DELETE FROM department")
        for department in directory.departments {
            try db.execute(
                sql: "INSERT INTO department (id, name, quietStart, quietEnd, quietTimeZone) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    department.id, department.name, department.quietHours?.start, department.quietHours?.end,
                    department.quietHours?.timeZone,
                ])
            for contact in department.contacts {
                try db.execute(
                    sql: "INSERT INTO contact (departmentId, name, role, phone, email) VALUES (?, ?, ?, ?, ?)",
                    arguments: [department.id, contact.name, contact.role, contact.phone, contact.email])
            }
            for channel in department.channels {
                try db.execute(
                    sql: "INSERT INTO channel (id, departmentId, kind, target, secret) VALUES (?, ?, ?, ?, ?)",
                    arguments: [channel.id, department.id, channel.kind, channel.target, channel.secret])
            }
            for subscription in department.subscriptions {
                try db.execute(
                    sql: """
                        INSERT INTO subscription
                          (id, departmentId, channelId, topicPrefix, types, levels, counties, groupWaitSeconds)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        subscription.id, department.id, subscription.channel, subscription.topicPrefix,
                        Self.joined(subscription.types), Self.joined(subscription.levels),
                        Self.joined(subscription.counties), subscription.groupWaitSeconds,
                    ])
            }
        }
    }

    /// The directory as stored.
    func directory() async throws -> NotifierDirectory {
        try await writer.read { db in try Self.directory(db) }
    }

    /// The directory as stored, read with `db`.
    static func directory(_ db: Database) throws -> NotifierDirectory {
        var departments: [NotifierDirectory.Department] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM department ORDER BY id") {
            let id: String = row["id"]
            let contacts = try Row.fetchAll(
                db, sql: "SELECT * FROM contact WHERE departmentId = ? ORDER BY id", arguments: [id]
            ).map {
                NotifierDirectory.Contact(name: $0["name"], role: $0["role"], phone: $0["phone"], email: $0["email"])
            }
            let channels = try Row.fetchAll(
                db, sql: "SELECT * FROM channel WHERE departmentId = ? ORDER BY id", arguments: [id]
            ).map {
                NotifierDirectory.Channel(id: $0["id"], kind: $0["kind"], target: $0["target"], secret: $0["secret"])
            }
            let subscriptions = try Row.fetchAll(
                db, sql: "SELECT * FROM subscription WHERE departmentId = ? ORDER BY id", arguments: [id]
            ).map {
                NotifierDirectory.Subscription(
                    id: $0["id"], channel: $0["channelId"], topicPrefix: $0["topicPrefix"], types: split($0["types"]),
                    levels: split($0["levels"]), counties: split($0["counties"]),
                    groupWaitSeconds: $0["groupWaitSeconds"])
            }
            var quietHours: QuietHours?
            if let start: String = row["quietStart"], let end: String = row["quietEnd"],
                let zone: String = row["quietTimeZone"]
            {
                quietHours = QuietHours(start: start, end: end, timeZone: zone)
            }
            departments.append(
                .init(
                    id: id, name: row["name"], contacts: contacts, channels: channels, subscriptions: subscriptions,
                    quietHours: quietHours))
        }
        return NotifierDirectory(departments: departments)
    }

    /// A list stored as one comma-separated column (ids never contain commas).
    static func joined(_ values: [String]) -> String { values.joined(separator: ",") }
}

/// The list of a comma-separated column.
private func split(_ text: String) -> [String] {
    text.split(separator: ",").map(String.init)
}
