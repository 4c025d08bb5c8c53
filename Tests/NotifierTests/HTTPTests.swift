import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Notifier

@Suite("HTTP: the directory and the delivery log are the admin's")
struct HTTPTests {
    @Test("directory replace and read; invalid directories refused; non-admins refused")
    func directory() async throws {
        let harness = try Harness()
        try await harness.withApp { client in
            let json = String(decoding: try JSONEncoder().encode(World.directory()), as: UTF8.self)
            try await client.execute(
                uri: "/v1/directory", method: .put, headers: bearer("dev-police"), body: ByteBuffer(string: json)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/v1/directory", method: .put, headers: bearer("dev-bureau"), body: ByteBuffer(string: json)
            ) { response throws in
                #expect(response.status == .ok)
                #expect(try decode(NotifierDirectory.self, response.body) == World.directory())
            }
            try await client.execute(
                uri: "/v1/directory", method: .put, headers: bearer("dev-bureau"),
                body: ByteBuffer(string: #"{"departments":[{"id":"a","name":"A"},{"id":"a","name":"B"}]}"#)
            ) { #expect($0.status == .unprocessableContent) }
            try await client.execute(uri: "/v1/directory", method: .get, headers: bearer("dev-bureau")) {
                response throws in
                #expect(try decode(NotifierDirectory.self, response.body).departments.count == 2)
            }
            try await client.execute(uri: "/v1/channels/police-hook/test", method: .post, headers: bearer("dev-bureau"))
            {
                response throws in
                #expect(response.status == .accepted)
                let delivery = try decode(Delivery.self, response.body)
                #expect(delivery.departmentId == "police" && delivery.state == .pending)
                #expect(delivery.idempotencyKey.hasPrefix("test-"))
            }
            try await client.execute(uri: "/v1/channels/nope/test", method: .post, headers: bearer("dev-bureau")) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("delivery log with filters, detail with attempts, and dead-letter retry")
    func deliveries() async throws {
        let harness = try Harness()
        try await harness.store.replaceDirectory(World.directory())
        try await harness.incident(World.incident(level: "I", recipients: ["bureau", "police"]), eventId: "e1")
        let policy = RetryPolicy(maxAttempts: 1, jitter: { 1 })
        try await harness.store.record(
            .failed(status: 410, error: "HTTP 410"), deliveryId: 1, at: harness.now, policy: policy)
        try await harness.withApp { client in
            try await client.execute(uri: "/v1/deliveries", method: .get, headers: bearer("dev-police")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/deliveries?state=dead", method: .get, headers: bearer("dev-bureau")) {
                response throws in
                #expect(try decode([Delivery].self, response.body).map(\.id) == [1])
            }
            try await client.execute(
                uri: "/v1/deliveries?department=police&incident=1", method: .get, headers: bearer("dev-bureau")
            ) { response throws in
                #expect(try decode([Delivery].self, response.body).map(\.departmentId) == ["police"])
            }
            try await client.execute(uri: "/v1/deliveries?state=bogus", method: .get, headers: bearer("dev-bureau")) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/v1/deliveries/1", method: .get, headers: bearer("dev-bureau")) {
                response throws in
                let detail = try decode(DeliveriesController.Detail.self, response.body)
                #expect(detail.attempts.map(\.status) == [410])
            }
            try await client.execute(uri: "/v1/deliveries/99", method: .get, headers: bearer("dev-bureau")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/v1/deliveries/1/retry", method: .post, headers: bearer("dev-bureau")) {
                response throws in
                #expect(response.status == .accepted)
                #expect(try decode(Delivery.self, response.body).state == .pending)
            }
            try await client.execute(uri: "/v1/deliveries/1/retry", method: .post, headers: bearer("dev-bureau")) {
                #expect($0.status == .conflict)
            }
        }
        try await harness.expectValidCAP()
    }
}
