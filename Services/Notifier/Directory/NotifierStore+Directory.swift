import Foundation
import GRDB
import ServiceKit

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
        // Contacts without an id get the next free ones here, so they never take an id given to another.
        var nextContactId = directory.departments.flatMap(\.contacts).compactMap(\.id).max() ?? 0
        for department in directory.departments {
            try db.execute(
                sql: "INSERT INTO department (id, name, quietStart, quietEnd, quietTimeZone) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    department.id, department.name, department.quietHours?.start, department.quietHours?.end,
                    department.quietHours?.timeZone,
                ])
            for contact in department.contacts {
                // Ids given are kept, so per-item updates do not renumber the other contacts.
                let id: Int64
                if let given = contact.id {
                    id = given
                } else {
                    nextContactId += 1
                    id = nextContactId
                }
                try db.execute(
                    sql: "INSERT INTO contact (id, departmentId, name, role, phone, email) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [id, department.id, contact.name, contact.role, contact.phone, contact.email])
            }
            for channel in department.channels {
                try db.execute(
                    sql: "INSERT INTO channel (id, departmentId, kind, target, secret) VALUES (?, ?, ?, ?, ?)",
                    arguments: [channel.id, department.id, channel.kind, channel.target, channel.secret])
            }
            for (position, subscription) in department.subscriptions.enumerated() {
                let windows = String(decoding: try JSONEncoder().encode(subscription.dutyWindows), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO subscription
                          (id, departmentId, channelId, topicPrefix, types, levels, counties, groupWaitSeconds,
                           position, groupIntervalSeconds, repeatIntervalSeconds, continues, dutyWindows)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        subscription.id, department.id, subscription.channel, subscription.topicPrefix,
                        Self.joined(subscription.types), Self.joined(subscription.levels),
                        Self.joined(subscription.counties), subscription.groupWaitSeconds, position,
                        subscription.groupIntervalSeconds, subscription.repeatIntervalSeconds, subscription.continues,
                        windows,
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
                NotifierDirectory.Contact(
                    id: $0["id"], name: $0["name"], role: $0["role"], phone: $0["phone"], email: $0["email"])
            }
            let channels = try Row.fetchAll(
                db, sql: "SELECT * FROM channel WHERE departmentId = ? ORDER BY id", arguments: [id]
            ).map {
                NotifierDirectory.Channel(id: $0["id"], kind: $0["kind"], target: $0["target"], secret: $0["secret"])
            }
            let subscriptions = try Row.fetchAll(
                db, sql: "SELECT * FROM subscription WHERE departmentId = ? ORDER BY position, id", arguments: [id]
            ).map {
                NotifierDirectory.Subscription(
                    id: $0["id"], channel: $0["channelId"], topicPrefix: $0["topicPrefix"], types: split($0["types"]),
                    levels: split($0["levels"]), counties: split($0["counties"]),
                    groupWaitSeconds: $0["groupWaitSeconds"], groupIntervalSeconds: $0["groupIntervalSeconds"],
                    repeatIntervalSeconds: $0["repeatIntervalSeconds"], continues: $0["continues"],
                    dutyWindows: try JSONDecoder().decode(
                        [DutyWindow].self, from: Data(($0["dutyWindows"] as String).utf8)))
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

    /// Changes the stored directory with `change` in one transaction: the result must pass the
    /// directory's checks (else a 400 problem and nothing changes); returns what `change` returned.
    func changeDirectory<T: Sendable>(
        _ change: @escaping @Sendable (inout NotifierDirectory) throws -> T
    ) async throws -> T {
        try await writer.write { db in
            var directory = try Self.directory(db)
            let result = try change(&directory)
            if let problem = directory.problem() {
                throw Problem(status: .badRequest, title: "invalid directory item", detail: problem)
            }
            try Self.replace(db, with: directory)
            return result
        }
    }

    /// A list stored as one comma-separated column (ids never contain commas).
    static func joined(_ values: [String]) -> String { values.joined(separator: ",") }
}

/// The list of a comma-separated column.
private func split(_ text: String) -> [String] {
    text.split(separator: ",").map(String.init)
}
