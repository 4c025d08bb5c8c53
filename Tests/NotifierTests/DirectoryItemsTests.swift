import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Notifier

@Suite("HTTP: the directory item by item, for an admin, checked on every write")
struct DirectoryItemsTests {
    /// Runs one request and checks its status; returns the body.
    @discardableResult
    static func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ json: String? = nil,
        token: String = "dev-bureau", expect status: HTTPResponse.Status
    ) async throws -> ByteBuffer {
        try await client.execute(
            uri: uri, method: method, headers: bearer(token), body: json.map { ByteBuffer(string: $0) }
        ) { response in
            #expect(response.status == status, "\(method) \(uri): \(String(buffer: response.body))")
            if status.code >= 400 {
                #expect(response.headers[.contentType] == "application/problem+json", "\(method) \(uri)")
            }
            return response.body
        }
    }

    @Test("departments, contacts, channels and routes: create, read, replace, delete")
    func crud() async throws {
        let harness = try Harness()
        try await harness.store.replaceDirectory(World.directory())
        try await harness.withApp { client in
            // A department with a quiet-hours window
            try await Self.call(
                client, .post, "/v1/departments",
                #"{"id":"water","name":"株洲市水利局","quietHours":{"start":"22:00","end":"07:00","timeZone":"Asia/Shanghai"}}"#,
                expect: .created)
            try await Self.call(
                client, .put, "/v1/departments/water", #"{"name":"株洲市水利局（值班室）"}"#, expect: .ok)
            let water = try decode(
                NotifierDirectory.Department.self,
                try await Self.call(client, .get, "/v1/departments/water", expect: .ok))
            #expect(water.name == "株洲市水利局（值班室）" && water.quietHours == nil)
            // A contact gets an id that stays through later changes
            let contact = try decode(
                NotifierDirectory.Contact.self,
                try await Self.call(
                    client, .post, "/v1/departments/water/contacts",
                    #"{"name":"赵敏","role":"值班","email":"duty@water.example","phone":"+8613700000000"}"#,
                    expect: .created))
            let contactId = try #require(contact.id)
            #expect(contactId == 2)
            try await Self.call(
                client, .put, "/v1/departments/water/contacts/\(contactId)", #"{"name":"赵敏","role":"科长"}"#,
                expect: .ok)
            // A channel and a route with the new timings
            try await Self.call(
                client, .post, "/v1/departments/water/channels",
                #"{"id":"water-mail","kind":"email","target":"duty@water.example"}"#, expect: .created)
            try await Self.call(
                client, .post, "/v1/departments/water/subscriptions",
                #"{"id":"water-all","channel":"water-mail","topicPrefix":"emergency.incident.","groupWaitSeconds":30,"groupIntervalSeconds":300,"repeatIntervalSeconds":3600,"continue":false,"dutyWindows":[{"start":"08:00","end":"18:00","timeZone":"Asia/Shanghai","days":["mon","tue","wed","thu","fri"]}]}"#,
                expect: .created)
            try await Self.call(
                client, .post, "/v1/departments/water/subscriptions",
                #"{"id":"water-b","channel":"water-mail","topicPrefix":"waste."}"#, expect: .created)
            try await Self.call(
                client, .put, "/v1/departments/water/subscriptions/water-all",
                #"{"id":"water-all","channel":"water-mail","topicPrefix":"emergency.incident.","levels":["I"]}"#,
                expect: .ok)
            let routes = try decode(
                [NotifierDirectory.Subscription].self,
                try await Self.call(client, .get, "/v1/departments/water/subscriptions", expect: .ok))
            // Replaced in place: order kept, values replaced
            #expect(routes.map(\.id) == ["water-all", "water-b"])
            #expect(routes[0].levels == ["I"] && routes[0].repeatIntervalSeconds == 0 && routes[0].continues)
            let stored = try await harness.store.directory()
            let storedWater = try #require(stored.departments.first { $0.id == "water" })
            #expect(storedWater.contacts.map(\.role) == ["科长"])
            #expect(stored.departments.first { $0.id == "bureau" }?.contacts.first?.id == 1)
            // A channel in use cannot go; once its routes are gone it can, and the department too
            try await Self.call(client, .delete, "/v1/departments/water/channels/water-mail", expect: .conflict)
            try await Self.call(client, .delete, "/v1/departments/water/subscriptions/water-all", expect: .noContent)
            try await Self.call(client, .delete, "/v1/departments/water/subscriptions/water-b", expect: .noContent)
            try await Self.call(client, .delete, "/v1/departments/water/channels/water-mail", expect: .noContent)
            try await Self.call(
                client, .delete, "/v1/departments/water/contacts/\(contactId)", expect: .noContent)
            try await Self.call(client, .delete, "/v1/departments/water", expect: .noContent)
            try await Self.call(client, .get, "/v1/departments/water", expect: .notFound)
            #expect(try await harness.store.directory() == World.directory())
        }
    }

    @Test("bad items are 400 problems that change nothing; unknown ones 404; repeats 409; non-admins 403")
    func refused() async throws {
        let harness = try Harness()
        try await harness.store.replaceDirectory(World.directory())
        try await harness.withApp { client in
            let bad: [(HTTPRequest.Method, String, String, String)] = [
                (.post, "/v1/departments", #"{"id":"","name":"x"}"#, "empty"),
                (.post, "/v1/departments", #"{"id":"x","name":" "}"#, "name"),
                (.post, "/v1/departments", #"{"id":"x"}"#, "malformed"),
                (.post, "/v1/departments", "not json", "malformed"),
                (
                    .put, "/v1/departments/bureau",
                    #"{"name":"x","quietHours":{"start":"25:00","end":"07:00","timeZone":"Asia/Shanghai"}}"#, "HH:mm"
                ),
                (.post, "/v1/departments/bureau/contacts", #"{"name":"x","email":"nobody"}"#, "email"),
                (.post, "/v1/departments/bureau/contacts", #"{"name":"x","phone":"call me"}"#, "phone"),
                (.post, "/v1/departments/bureau/contacts", #"{"name":""}"#, "name"),
                (.post, "/v1/departments/bureau/channels", #"{"id":"c","kind":"fax","target":"1"}"#, "kind"),
                (.post, "/v1/departments/bureau/channels", #"{"id":"c","kind":"webhook","target":"ftp://x"}"#, "http"),
                (.post, "/v1/departments/bureau/channels", #"{"kind":"sms","target":"+861"}"#, "id"),
                (
                    .put, "/v1/departments/bureau/channels/bureau-hook",
                    #"{"id":"other","kind":"sms","target":"+8613"}"#, "path"
                ),
                (
                    .post, "/v1/departments/bureau/subscriptions",
                    #"{"id":"s","channel":"police-hook","topicPrefix":"emergency."}"#, "not its department"
                ),
                (
                    .post, "/v1/departments/bureau/subscriptions",
                    #"{"id":"s","channel":"bureau-hook","topicPrefix":"e.","groupIntervalSeconds":-1}"#, "groupInterval"
                ),
                (
                    .post, "/v1/departments/bureau/subscriptions",
                    #"{"id":"s","channel":"bureau-hook","topicPrefix":"e.","dutyWindows":[{"start":"08:00","end":"18:00","timeZone":"Moon/Base"}]}"#,
                    "unknown time zone"
                ),
                (
                    .post, "/v1/departments/bureau/subscriptions",
                    #"{"id":"s","channel":"bureau-hook","topicPrefix":"a\nb"}"#, "one line"
                ),
                (.get, "/v1/departments/bureau/contacts/abc", "", "positive integer"),
            ]
            for (method, uri, json, text) in bad {
                let body = try await Self.call(
                    client, method, uri, json.isEmpty ? nil : json, expect: .badRequest)
                #expect(String(buffer: body).contains(text), "\(method) \(uri): \(String(buffer: body))")
            }
            try await Self.call(client, .get, "/v1/departments/nope/channels", expect: .notFound)
            try await Self.call(client, .get, "/v1/departments/bureau/channels/nope", expect: .notFound)
            try await Self.call(client, .put, "/v1/departments/bureau/contacts/99", #"{"name":"x"}"#, expect: .notFound)
            try await Self.call(client, .delete, "/v1/departments/bureau/subscriptions/nope", expect: .notFound)
            try await Self.call(client, .post, "/v1/departments", #"{"id":"police","name":"x"}"#, expect: .conflict)
            try await Self.call(
                client, .post, "/v1/departments/bureau/channels",
                #"{"id":"police-hook","kind":"webhook","target":"http://x"}"#, expect: .conflict)
            for token in ["dev-emergency", "dev-police"] {
                try await Self.call(
                    client, .post, "/v1/departments", #"{"id":"x","name":"x"}"#, token: token, expect: .forbidden)
                try await Self.call(client, .delete, "/v1/departments/police", token: token, expect: .forbidden)
            }
            try await client.execute(uri: "/v1/departments", method: .get) { #expect($0.status == .unauthorized) }
        }
        #expect(try await harness.store.directory() == World.directory())
    }

    @Test("a directory file written before routes and contact checks still loads; repeated contact ids do not")
    func compatibleFile() throws {
        let harness = try Harness()
        let file = harness.directory.url.appendingPathComponent("directory.json")
        try Data(
            #"""
            {"departments":[{"id":"bureau","name":"株洲市生态环境局",
              "contacts":[{"name":"王芳","phone":"0731-2288 1234","email":"王芳 <wf@bureau.example>"}],
              "channels":[{"id":"h","kind":"webhook","target":"http://127.0.0.1:9/h"}],
              "subscriptions":[{"id":"all","channel":"h","topicPrefix":"","groupWaitSeconds":30}]}]}
            """#.utf8
        ).write(to: file)
        let directory = try NotifierDirectory.read(from: file)
        let route = try #require(directory.departments.first?.subscriptions.first)
        #expect(route.continues && route.groupIntervalSeconds == 0 && route.dutyWindows.isEmpty)
        try harness.store.loadDirectory(directory)
        var repeated = World.directory()
        repeated.departments[1].contacts = [.init(id: 1, name: "李警官")]
        #expect(repeated.problem()?.contains("contact id 1") == true)
    }
}
