import BusTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Notifier

/// Validates `xml` with xmllint, against the copied CAP 1.2 schema when `schema` is true; returns
/// xmllint's exit status and output.
func xmllint(_ xml: String, schema: Bool = true) throws -> (Int32, String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cap-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("alert.xml")
    try Data(xml.utf8).write(to: file)
    guard let xsd = Bundle.module.url(forResource: "cap-v1.2", withExtension: "xsd") else {
        throw HarnessError("cap-v1.2.xsd is not among the test resources")
    }
    return try SpawnedProcess.run(
        "/usr/bin/env", ["xmllint", "--noout", "--nonet"] + (schema ? ["--schema", xsd.path] : []) + [file.path])
}

@Suite("CAP 1.2: one <alert> per incident change, valid against the OASIS schema, with a feed")
struct CAPTests {
    @Test("Alert, Update and Cancel validate with xmllint; each later one references the earlier")
    func chain() async throws {
        let harness = try Harness()
        var escalated = World.incident(.escalated, level: "I")
        escalated.at = World.start.addingTimeInterval(600)
        escalated.headline = "株洲冶炼厂 <二氧化硫> & 颗粒物超标"
        var closed = World.incident(.closed, level: "I")
        closed.at = World.start.addingTimeInterval(7200)
        closed.closed = true
        closed.note = "已处置"
        for (index, incident) in [World.incident(), escalated, closed].enumerated() {
            try await harness.incident(incident, eventId: "e\(index)")
        }
        let alerts = try await harness.store.capAlerts().reversed().map { $0 }
        #expect(alerts.map(\.msgType) == ["Alert", "Update", "Cancel"])
        for alert in alerts {
            let (status, output) = try xmllint(alert.xml)
            #expect(status == 0, "\(alert.identifier): \(output)")
        }
        #expect(!alerts[0].xml.contains("<references>"))
        let first = "\(CAPWriter.sender),greenheart.incident.1.1,2026-03-02T02:00:00+00:00"
        #expect(alerts[1].xml.contains("<references>\(first)</references>"))
        #expect(alerts[1].xml.contains("<severity>Extreme</severity>"))
        #expect(alerts[1].xml.contains("<urgency>Immediate</urgency>"))
        #expect(alerts[1].xml.contains("&lt;二氧化硫&gt; &amp; 颗粒物"))
        #expect(alerts[2].xml.contains("greenheart.incident.1.2,2026-03-02T02:10:00+00:00</references>"))
        #expect(alerts[2].xml.contains("<urgency>Past</urgency>"))
        #expect(alerts[2].xml.contains("<expires>2026-03-03T04:00:00+00:00</expires>"))
        #expect(alerts[0].xml.contains("<value>430202</value>"))
    }

    @Test("every level maps to a valid document; warnings are Likely")
    func levels() throws {
        for level in ["I", "II", "III", "IV", "blue", "yellow", "orange", "red"] {
            var incident = World.incident(level: level)
            incident.levelScheme = ["I", "II", "III", "IV"].contains(level) ? "sudden" : "warning"
            incident.scope.county = nil
            let xml = CAPWriter.document(identifier: "x.\(level)", incident: incident, earlier: [])
            let (status, output) = try xmllint(xml)
            #expect(status == 0, "\(level): \(output)")
            #expect(xml.contains("<severity>\(CAPWriter.severity(level))</severity>"))
            #expect(CAPWriter.severity(level) != "Unknown")
        }
    }

    @Test("GET /v1/cap/{id} serves the document and /v1/cap/feed links it")
    func http() async throws {
        let harness = try Harness()
        try await harness.incident(World.incident(), eventId: "e1")
        try await harness.withApp { client in
            try await client.execute(uri: "/v1/cap/feed", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/cap/greenheart.incident.1.1", method: .get, headers: bearer("dev-police")
            ) {
                response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/cap+xml") == true)
                let (status, output) = try xmllint(String(buffer: response.body))
                #expect(status == 0, "\(output)")
            }
            try await client.execute(uri: "/v1/cap/nope", method: .get, headers: bearer("dev-police")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/v1/cap/feed", method: .get, headers: bearer("dev-police")) {
                response throws in
                let feed = String(buffer: response.body)
                #expect(feed.contains("href=\"http://127.0.0.1:8085/v1/cap/greenheart.incident.1.1\""))
                let (status, output) = try xmllint(feed, schema: false)
                #expect(status == 0, "\(output)")
            }
        }
    }
}
