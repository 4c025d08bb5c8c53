import BusTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Ingest

@Suite("Measurements over HTTP", .serialized, .timeLimit(.minutes(2)))
struct MeasurementsAPITests {
    @Test("a JSON batch stores its good rows and reports each bad row on its own")
    func jsonBatch() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register()
        try await harness.run { client, _ in
            // Given a batch with two good rows and four bad ones
            let body = """
                {"readings":[
                 {"station":"430200A0001","factor":"a34004","periodKind":"hour","periodStart":"2024-03-15T02:00:00Z","statistic":"Avg","value":"41","flag":"N"},
                 {"station":"430200A0001","factor":"a21005","periodKind":"hour","dataTime":"20240315100000","statistic":"Avg","value":1.25},
                 {"station":"nowhere","factor":"a34004","periodKind":"hour","periodStart":"2024-03-15T02:00:00Z","statistic":"Avg","value":"1"},
                 {"station":"430200A0001","factor":"a34004","periodKind":"hour","periodStart":"2024-03-15T02:00:00Z","statistic":"Avg","value":"12abc"},
                 {"station":"430200A0001","factor":"a34004","periodKind":"hour","periodStart":"2024-03-15T02:00:00Z","statistic":"Avg","value":"1","unit":"mg/m³"},
                 42
                ]}
                """
            // When an operator posts it
            try await client.execute(
                uri: "/v1/measurements", method: .post, headers: Tokens.json(Tokens.admin),
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let result = try JSONDecoder().decode(
                    MeasurementsController.BatchResult.self, from: Data(buffer: response.body))
                // Then each row has its result
                #expect(result.accepted == 2)
                #expect(result.rejected == 4)
                #expect(
                    result.results.map(\.status) == [
                        "stored", "stored", "rejected", "rejected", "rejected", "rejected",
                    ])
                #expect(result.results[2].error?.contains("unknown station") == true)
                #expect(result.results[4].error?.contains("unit") == true)
            }
            // And the good rows are readable, in UTC, with the factor table's units
            try await client.execute(
                uri: "/v1/readings?station=430200A0001&from=2024-03-15T00:00:00Z&to=2024-03-16T00:00:00Z", method: .get,
                headers: Tokens.viewer
            ) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("\"value\":\"41\""))
                #expect(text.contains("\"value\":\"1.25\""))
                #expect(text.contains("mg/m³"))
            }
            // And a period kind narrows the answer; an unknown one is refused
            for (kind, status, count) in [
                ("hour", HTTPResponse.Status.ok, 2), ("day", .ok, 0), ("week", .badRequest, 0),
            ] {
                try await client.execute(
                    uri: "/v1/readings?station=430200A0001&kind=\(kind)", method: .get, headers: Tokens.viewer
                ) { response in
                    #expect(response.status == status)
                    if status == .ok {
                        let rows = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [Any]
                        #expect(rows?.count == count)
                    }
                }
            }
            #expect(try harness.readings().allSatisfy { $0.periodStart == Date(timeIntervalSince1970: 1_710_468_000) })
            #expect(try harness.events().count == 1)
        }
    }

    @Test("a CSV upload with the documented header gives per-line results; resends and corrections are told apart")
    func csvUpload() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(mn: "W01", kind: .water, st: "21", department: "water")
        try await harness.run { client, _ in
            let csv = """
                station,factor,periodKind,periodStart,statistic,value,unit,flag
                W01,w01018,hour,2024-03-15T02:00:00Z,Avg,12.4,mg/L,N
                W01,w01001,hour,2024-03-15T02:00:00Z,Avg,7.5,,N
                W01,w01018,hour,not-a-time,Avg,1,,N
                W01,w01018,hour,2024-03-15T02:00:00Z
                """
            var statuses: [[String]] = []
            // (the resend comes from a spreadsheet export, with a byte-order mark and CR LF lines)
            let exported =
                "\u{FEFF}"
                + csv.replacingOccurrences(of: "12.4", with: "12.40").replacingOccurrences(of: "\n", with: "\r\n")
            for text in [csv, exported, csv.replacingOccurrences(of: "12.4", with: "13")] {
                try await client.execute(
                    uri: "/v1/measurements.csv", method: .post, headers: Tokens.admin, body: ByteBuffer(string: text)
                ) { response in
                    #expect(response.status == .ok)
                    let result = try JSONDecoder().decode(
                        MeasurementsController.BatchResult.self, from: Data(buffer: response.body))
                    statuses.append(result.results.map(\.status))
                    #expect(result.results.map(\.line) == [2, 3, 4, 5])
                }
            }
            #expect(statuses[0] == ["stored", "stored", "rejected", "rejected"])
            #expect(statuses[1] == ["unchanged", "unchanged", "rejected", "rejected"])
            #expect(statuses[2] == ["revised", "unchanged", "rejected", "rejected"])
            // A missing header column is a 400
            try await client.execute(
                uri: "/v1/measurements.csv", method: .post, headers: Tokens.admin,
                body: ByteBuffer(string: "station,value\nW01,1\n")
            ) { #expect($0.status == .badRequest) }
        }
    }

    @Test("an operator may enter data only for its own department's stations; a viewer not at all")
    func departmentOwnership() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(mn: "B01", department: "bureau")
        try await harness.register(mn: "E01", department: "emergency")
        try await harness.run { client, _ in
            let body = """
                {"readings":[
                 {"station":"B01","factor":"a34004","periodKind":"hour","periodStart":"2024-03-15T02:00:00Z","statistic":"Avg","value":"1"},
                 {"station":"E01","factor":"a34004","periodKind":"hour","periodStart":"2024-03-15T02:00:00Z","statistic":"Avg","value":"1"}
                ]}
                """
            try await client.execute(
                uri: "/v1/measurements", method: .post, headers: Tokens.json(Tokens.emergencyOperator),
                body: ByteBuffer(string: body)
            ) { response in
                let result = try JSONDecoder().decode(
                    MeasurementsController.BatchResult.self, from: Data(buffer: response.body))
                #expect(result.results.map(\.status) == ["rejected", "stored"])
            }
            try await client.execute(
                uri: "/v1/measurements", method: .post, headers: Tokens.json(Tokens.viewer),
                body: ByteBuffer(string: body)
            ) { #expect($0.status == .forbidden) }
        }
    }

    @Test("station status shows the link, the last error and today's packets")
    func stationStatus() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register()
        try await harness.run { client, port in
            try await TestDevice.with(port: port) { device in
                try await device.send(Packets.upload(pw: "bad", fields: Packets.airFields))
                try await device.send(Packets.upload(fields: Packets.airFields))
                _ = try await device.nextReply()
                // While connected
                try await client.execute(uri: "/v1/stations/430200A0001/status", method: .get, headers: Tokens.viewer) {
                    response in
                    #expect(response.status == .ok)
                    let status = try EventEnvelopeDecoding.decoder.decode(
                        StationStatus.self, from: Data(buffer: response.body))
                    #expect(status.connectedNow)
                    #expect(status.packetsToday == 2)
                    #expect(status.lastPacket?.verdict == "accepted")
                    #expect(status.lastError?.reason == "wrong_password")
                }
            }
            try await client.execute(uri: "/v1/stations/none/status", method: .get, headers: Tokens.viewer) {
                #expect($0.status == .notFound)
            }
        }
    }
}
