import BusTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Ingest

@Suite("Station registry over HTTP", .serialized, .timeLimit(.minutes(2)))
struct StationRegistryTests {
    static let body = """
        {"mn":"430200A0001","password":"s3cret","name":"Tianyuan air","kind":"air","st":"22",
         "longitude":113.13,"latitude":27.83,"county":"Tianyuan","department":"bureau","lenient":["modbus_crc"]}
        """

    @Test("an admin creates a station; reads never return its password")
    func createAndRead() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.run { client, _ in
            // Given an admin token, When it posts a station
            try await client.execute(
                uri: "/v1/stations", method: .post, headers: Tokens.json(Tokens.admin),
                body: ByteBuffer(string: Self.body)
            ) { response in
                #expect(response.status == .created)
                #expect(!String(buffer: response.body).contains("s3cret"))
            }
            // Then a viewer reads it with the default time zone, without the password
            try await client.execute(uri: "/v1/stations/430200A0001", method: .get, headers: Tokens.viewer) {
                response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("Asia/Shanghai"))
                #expect(text.contains("modbus_crc"))
                #expect(!text.contains("s3cret"))
                #expect(!text.contains("password"))
            }
            try await client.execute(uri: "/v1/stations", method: .get, headers: Tokens.viewer) { response in
                #expect(String(buffer: response.body).contains("430200A0001"))
            }
            // And the store keeps the password as given, for comparing with PW
            let stored = try await harness.store.station(mn: "430200A0001")
            #expect(stored?.password == "s3cret")
        }
    }

    @Test("writes need the admin role; bad input is a 400 problem; duplicates 409")
    func authorisationAndValidation() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.run { client, _ in
            // Given no token, or an operator's token, When they post, Then 401 and 403
            try await client.execute(uri: "/v1/stations", method: .post, body: ByteBuffer(string: Self.body)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/stations", method: .post, headers: Tokens.json(Tokens.emergencyOperator),
                body: ByteBuffer(string: Self.body)
            ) { #expect($0.status == .forbidden) }
            // When an admin posts an unknown kind, a bad time zone, an unknown leniency or a bad MN, Then 400
            for broken in [
                Self.body.replacingOccurrences(of: "\"air\"", with: "\"soil\""),
                Self.body.replacingOccurrences(of: "\"bureau\"", with: "\"bureau\",\"timeZone\":\"Mars/Base\""),
                Self.body.replacingOccurrences(of: "modbus_crc", with: "anything_goes"),
                Self.body.replacingOccurrences(of: "430200A0001", with: "4302.00"),
                "not json",
            ] {
                try await client.execute(
                    uri: "/v1/stations", method: .post, headers: Tokens.json(Tokens.admin),
                    body: ByteBuffer(string: broken)
                ) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            // When the same station is posted twice, Then the second is a conflict
            for expected in [HTTPResponse.Status.created, .conflict] {
                try await client.execute(
                    uri: "/v1/stations", method: .post, headers: Tokens.json(Tokens.admin),
                    body: ByteBuffer(string: Self.body)
                ) { #expect($0.status == expected) }
            }
        }
    }

    @Test("PUT updates a station keeping its password when omitted; DELETE removes it")
    func updateAndDelete() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(mn: "430200A0002", password: "keepme")
        try await harness.run { client, _ in
            // When an admin disables the station without giving a password
            let update = #"{"name":"Renamed","kind":"water","st":"21","department":"water","enabled":false}"#
            try await client.execute(
                uri: "/v1/stations/430200A0002", method: .put, headers: Tokens.json(Tokens.admin),
                body: ByteBuffer(string: update)
            ) { #expect($0.status == .ok) }
            // Then the change is stored and the password kept
            let stored = try await harness.store.station(mn: "430200A0002")
            #expect(stored?.name == "Renamed")
            #expect(stored?.kind == .water)
            #expect(stored?.enabled == false)
            #expect(stored?.password == "keepme")
            // When it is deleted, Then it is gone
            try await client.execute(uri: "/v1/stations/430200A0002", method: .delete, headers: Tokens.admin) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/v1/stations/430200A0002", method: .get, headers: Tokens.admin) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/v1/stations/nope", method: .put, headers: Tokens.json(Tokens.admin),
                body: ByteBuffer(string: update)
            ) { #expect($0.status == .notFound) }
        }
    }
}
