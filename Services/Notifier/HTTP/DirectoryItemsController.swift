import Foundation
import Hummingbird
import ServiceKit

/// Per-item directory management, for an admin: `/v1/departments[/{id}]` and, under a department,
/// `contacts[/{id}]`, `channels[/{id}]` and `subscriptions[/{id}]` (the routes), each with GET, POST
/// (create), PUT (replace) and DELETE. Every write is checked against the whole directory in the
/// transaction that makes it: a change that would leave it invalid is a 400 problem and changes nothing.
struct DirectoryItemsController: Sendable {
    /// The store.
    let store: NotifierStore

    /// Body of PUT on a department: its own values (its lists are managed as items).
    struct DepartmentInput: Codable, Sendable {
        /// Display name.
        var name: String
        /// Quiet hours, or none.
        var quietHours: QuietHours?
    }

    /// Body of a contact write.
    struct ContactInput: Codable, Sendable {
        /// Full name.
        var name: String
        /// Duty or title.
        var role: String?
        /// Mobile number.
        var phone: String?
        /// Email address.
        var email: String?
    }

    /// Body of a channel write (the id may be left out of a PUT: the path names it).
    struct ChannelInput: Codable, Sendable {
        /// Unique id (POST).
        var id: String?
        /// `webhook`, `email` or `sms`.
        var kind: String
        /// URL, address or number.
        var target: String
        /// Webhook HMAC secret.
        var secret: String?
    }

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        let store = self.store
        let departments = router.group("v1/departments")
        departments.get { _, context in
            _ = try context.requireCaller(.admin)
            return try jsonResponse(try await store.directory().departments)
        }
        departments.post { request, context in
            _ = try context.requireCaller(.admin)
            let department = try await request.decodeBody(NotifierDirectory.Department.self)
            let created = try await store.changeDirectory { directory in
                guard !directory.departments.contains(where: { $0.id == department.id }) else {
                    throw Problem(status: .conflict, title: "department '\(department.id)' exists")
                }
                var department = department
                Self.number(
                    &department.contacts, after: directory.departments.flatMap(\.contacts).compactMap(\.id).max() ?? 0)
                directory.departments.append(department)
                return department
            }
            return try jsonResponse(try await Self.stored(store, department: created.id), status: .created)
        }
        departments.get(":department") { _, context in
            _ = try context.requireCaller(.admin)
            return try jsonResponse(try await Self.stored(store, department: try Self.departmentId(context)))
        }
        departments.put(":department") { request, context in
            _ = try context.requireCaller(.admin)
            let id = try Self.departmentId(context)
            let input = try await request.decodeBody(DepartmentInput.self)
            try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                directory.departments[index].name = input.name
                directory.departments[index].quietHours = input.quietHours
            }
            return try jsonResponse(try await Self.stored(store, department: id))
        }
        departments.delete(":department") { _, context in
            _ = try context.requireCaller(.admin)
            let id = try Self.departmentId(context)
            try await store.changeDirectory { directory in
                directory.departments.remove(at: try Self.index(of: id, in: directory))
            }
            return Response(status: .noContent)
        }
        addContactRoutes(to: departments)
        addChannelRoutes(to: departments)
        addSubscriptionRoutes(to: departments)
    }

    private func addContactRoutes(to departments: RouterGroup<ServiceRequestContext>) {
        let store = self.store
        departments.get(":department/contacts") { _, context in
            _ = try context.requireCaller(.admin)
            return try jsonResponse(try await Self.stored(store, department: try Self.departmentId(context)).contacts)
        }
        departments.post(":department/contacts") { request, context in
            _ = try context.requireCaller(.admin)
            let id = try Self.departmentId(context)
            let input = try await request.decodeBody(ContactInput.self)
            let contact = try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                let next = (directory.departments.flatMap(\.contacts).compactMap(\.id).max() ?? 0) + 1
                let contact = NotifierDirectory.Contact(
                    id: next, name: input.name, role: input.role, phone: input.phone, email: input.email)
                directory.departments[index].contacts.append(contact)
                return contact
            }
            return try jsonResponse(contact, status: .created)
        }
        departments.get(":department/contacts/:item") { _, context in
            _ = try context.requireCaller(.admin)
            let contactId = try Self.contactId(context)
            let department = try await Self.stored(store, department: try Self.departmentId(context))
            guard let contact = department.contacts.first(where: { $0.id == contactId }) else {
                throw Problem(status: .notFound, title: "no contact \(contactId) in '\(department.id)'")
            }
            return try jsonResponse(contact)
        }
        departments.put(":department/contacts/:item") { request, context in
            _ = try context.requireCaller(.admin)
            let (id, contactId) = (try Self.departmentId(context), try Self.contactId(context))
            let input = try await request.decodeBody(ContactInput.self)
            let contact = try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                guard let item = directory.departments[index].contacts.firstIndex(where: { $0.id == contactId }) else {
                    throw Problem(status: .notFound, title: "no contact \(contactId) in '\(id)'")
                }
                let contact = NotifierDirectory.Contact(
                    id: contactId, name: input.name, role: input.role, phone: input.phone, email: input.email)
                directory.departments[index].contacts[item] = contact
                return contact
            }
            return try jsonResponse(contact)
        }
        departments.delete(":department/contacts/:item") { _, context in
            _ = try context.requireCaller(.admin)
            let (id, contactId) = (try Self.departmentId(context), try Self.contactId(context))
            try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                guard let item = directory.departments[index].contacts.firstIndex(where: { $0.id == contactId }) else {
                    throw Problem(status: .notFound, title: "no contact \(contactId) in '\(id)'")
                }
                directory.departments[index].contacts.remove(at: item)
            }
            return Response(status: .noContent)
        }
    }

    private func addChannelRoutes(to departments: RouterGroup<ServiceRequestContext>) {
        let store = self.store
        departments.get(":department/channels") { _, context in
            _ = try context.requireCaller(.admin)
            return try jsonResponse(try await Self.stored(store, department: try Self.departmentId(context)).channels)
        }
        departments.post(":department/channels") { request, context in
            _ = try context.requireCaller(.admin)
            let id = try Self.departmentId(context)
            let input = try await request.decodeBody(ChannelInput.self)
            guard let channelId = input.id else { throw Problem(status: .badRequest, title: "a channel needs an id") }
            let channel = NotifierDirectory.Channel(
                id: channelId, kind: input.kind, target: input.target, secret: input.secret)
            try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                guard !directory.departments.flatMap(\.channels).contains(where: { $0.id == channelId }) else {
                    throw Problem(status: .conflict, title: "channel '\(channelId)' exists")
                }
                directory.departments[index].channels.append(channel)
            }
            return try jsonResponse(channel, status: .created)
        }
        departments.get(":department/channels/:item") { _, context in
            _ = try context.requireCaller(.admin)
            let item = try Self.itemId(context)
            let department = try await Self.stored(store, department: try Self.departmentId(context))
            guard let channel = department.channels.first(where: { $0.id == item }) else {
                throw Problem(status: .notFound, title: "no channel '\(item)' in '\(department.id)'")
            }
            return try jsonResponse(channel)
        }
        departments.put(":department/channels/:item") { request, context in
            _ = try context.requireCaller(.admin)
            let (id, item) = (try Self.departmentId(context), try Self.itemId(context))
            let input = try await request.decodeBody(ChannelInput.self)
            if let bodyId = input.id, bodyId != item {
                throw Problem(status: .badRequest, title: "the body's id '\(bodyId)' is not the path's '\(item)'")
            }
            let channel = NotifierDirectory.Channel(
                id: item, kind: input.kind, target: input.target, secret: input.secret)
            try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                guard let at = directory.departments[index].channels.firstIndex(where: { $0.id == item }) else {
                    throw Problem(status: .notFound, title: "no channel '\(item)' in '\(id)'")
                }
                directory.departments[index].channels[at] = channel
            }
            return try jsonResponse(channel)
        }
        departments.delete(":department/channels/:item") { _, context in
            _ = try context.requireCaller(.admin)
            let (id, item) = (try Self.departmentId(context), try Self.itemId(context))
            try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                guard let at = directory.departments[index].channels.firstIndex(where: { $0.id == item }) else {
                    throw Problem(status: .notFound, title: "no channel '\(item)' in '\(id)'")
                }
                let users = directory.departments[index].subscriptions.filter { $0.channel == item }.map(\.id)
                guard users.isEmpty else {
                    throw Problem(
                        status: .conflict, title: "channel '\(item)' is used by subscriptions",
                        detail: "delete or change \(users.joined(separator: ", ")) first")
                }
                directory.departments[index].channels.remove(at: at)
            }
            return Response(status: .noContent)
        }
    }

    private func addSubscriptionRoutes(to departments: RouterGroup<ServiceRequestContext>) {
        let store = self.store
        departments.get(":department/subscriptions") { _, context in
            _ = try context.requireCaller(.admin)
            return try jsonResponse(
                try await Self.stored(store, department: try Self.departmentId(context)).subscriptions)
        }
        departments.post(":department/subscriptions") { request, context in
            _ = try context.requireCaller(.admin)
            let id = try Self.departmentId(context)
            let subscription = try await request.decodeBody(NotifierDirectory.Subscription.self)
            try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                guard !directory.departments.flatMap(\.subscriptions).contains(where: { $0.id == subscription.id })
                else {
                    throw Problem(status: .conflict, title: "subscription '\(subscription.id)' exists")
                }
                directory.departments[index].subscriptions.append(subscription)
            }
            return try jsonResponse(subscription, status: .created)
        }
        departments.get(":department/subscriptions/:item") { _, context in
            _ = try context.requireCaller(.admin)
            let item = try Self.itemId(context)
            let department = try await Self.stored(store, department: try Self.departmentId(context))
            guard let subscription = department.subscriptions.first(where: { $0.id == item }) else {
                throw Problem(status: .notFound, title: "no subscription '\(item)' in '\(department.id)'")
            }
            return try jsonResponse(subscription)
        }
        departments.put(":department/subscriptions/:item") { request, context in
            _ = try context.requireCaller(.admin)
            let (id, item) = (try Self.departmentId(context), try Self.itemId(context))
            let subscription = try await request.decodeBody(NotifierDirectory.Subscription.self)
            guard subscription.id == item else {
                throw Problem(
                    status: .badRequest, title: "the body's id '\(subscription.id)' is not the path's '\(item)'")
            }
            try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                guard let at = directory.departments[index].subscriptions.firstIndex(where: { $0.id == item }) else {
                    throw Problem(status: .notFound, title: "no subscription '\(item)' in '\(id)'")
                }
                // Replaced in place: the route keeps its position among its siblings.
                directory.departments[index].subscriptions[at] = subscription
            }
            return try jsonResponse(subscription)
        }
        departments.delete(":department/subscriptions/:item") { _, context in
            _ = try context.requireCaller(.admin)
            let (id, item) = (try Self.departmentId(context), try Self.itemId(context))
            try await store.changeDirectory { directory in
                let index = try Self.index(of: id, in: directory)
                guard let at = directory.departments[index].subscriptions.firstIndex(where: { $0.id == item }) else {
                    throw Problem(status: .notFound, title: "no subscription '\(item)' in '\(id)'")
                }
                directory.departments[index].subscriptions.remove(at: at)
            }
            return Response(status: .noContent)
        }
    }

    /// Department `id` as stored, or a 404 problem.
    static func stored(_ store: NotifierStore, department id: String) async throws -> NotifierDirectory.Department {
        guard let department = try await store.directory().departments.first(where: { $0.id == id }) else {
            throw Problem(status: .notFound, title: "no department '\(id)'")
        }
        return department
    }

    /// The index of department `id`, or a 404 problem.
    static func index(of id: String, in directory: NotifierDirectory) throws -> Int {
        guard let index = directory.departments.firstIndex(where: { $0.id == id }) else {
            throw Problem(status: .notFound, title: "no department '\(id)'")
        }
        return index
    }

    /// Gives contacts without an id the next ids after `after`.
    static func number(_ contacts: inout [NotifierDirectory.Contact], after: Int64) {
        var next = max(after, contacts.compactMap(\.id).max() ?? 0)
        for index in contacts.indices where contacts[index].id == nil {
            next += 1
            contacts[index].id = next
        }
    }

    /// The `department` path parameter.
    static func departmentId(_ context: ServiceRequestContext) throws -> String {
        guard let id = context.parameters.get("department"), !id.isEmpty else {
            throw Problem(status: .badRequest, title: "a department id is required")
        }
        return id
    }

    /// The `item` path parameter.
    static func itemId(_ context: ServiceRequestContext) throws -> String {
        guard let id = context.parameters.get("item"), !id.isEmpty else {
            throw Problem(status: .badRequest, title: "an item id is required")
        }
        return id
    }

    /// The `item` path parameter as a contact id.
    static func contactId(_ context: ServiceRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("item"), let id = Int64(text), id > 0 else {
            throw Problem(status: .badRequest, title: "a contact id must be a positive integer")
        }
        return id
    }
}
