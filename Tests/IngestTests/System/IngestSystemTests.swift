import Bus
import BusTesting
import Domain
import Foundation
import GRDB
import Testing

@testable import Ingest

/// Acceptance tests over the real built executables: `ingest` on ephemeral ports and a temporary
/// data directory, `greenheart simulate` as the devices, a real reliable subscriber on the bus.
@Suite("ingest system tests (built executables)", .serialized, .timeLimit(.minutes(10)))
struct IngestSystemTests {
    /// Readings per hourly upload of the simulator: air 6, water 4, flue gas 9 (stations take turns).
    static func expectedReadings(stations: Int, hours: Int) -> Int {
        let perKind = [6, 4, 9]
        return (0..<stations).reduce(0) { $0 + perKind[$1 % 3] } * hours
    }

    /// A store that records every measurement event it applies, one row per reading.
    static func sink() throws -> BusFixture {
        try BusFixture(name: "sink") { migrator in
            migrator.registerMigration("sink") { db in
                try db.create(table: "heard") { t in
                    t.column("station", .text).notNull()
                    t.column("factor", .text).notNull()
                    t.column("statistic", .text).notNull()
                    t.column("periodStart", .datetime).notNull()
                }
            }
        }
    }

    static var sinkHandlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on("measurement.batch") { event, db in
            let payload = try event.decode(MeasurementEvent.self)
            for reading in payload.readings {
                try db.execute(
                    sql: "INSERT INTO heard (station, factor, statistic, periodStart) VALUES (?, ?, ?, ?)",
                    arguments: [payload.station, reading.factor, reading.statistic, payload.periodStart])
            }
        }
        return handlers
    }

    static func count(_ path: String, _ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test(
        "200 simulated devices over real TCP: every reading stored once, every upload answered, every reading on the bus"
    )
    func twoHundredDevices() async throws {
        let endpoints = try IngestEndpoints()
        defer { endpoints.data.remove() }
        let ingest = try await startIngest(endpoints)
        defer { ingest.kill() }
        // Given a real reliable subscriber on ingest's bus
        let context = try ZMQContext()
        let sink = try Self.sink()
        defer { sink.remove() }
        let subscriber = sink.subscriber(
            name: "sink", upstreams: [Upstream(publish: endpoints.upstream.publish, replay: endpoints.upstream.replay)],
            prefixes: ["measurement."], handlers: Self.sinkHandlers, context: context)
        try subscriber.start()
        // When 200 devices register through the API and each streams 5 hourly uploads, waiting for answers,
        // with faults: corrupted copies, dropped connections, hours backfilled late
        let stations = 200
        let hours = 5
        let simulate = try ChildProcess(
            BuiltProducts.path("greenheart"),
            [
                "simulate", "--stations", "\(stations)", "--hours", "\(hours)", "--rate", "0", "--target",
                "127.0.0.1:\(endpoints.hj212)", "--api", "http://127.0.0.1:\(endpoints.http)", "--prefix", "S2H",
                "--ack-timeout", "10", "--bad-crc", "0.05", "--disconnect", "0.02", "--late", "0.1",
            ])
        let status = await simulate.wait(timeout: .seconds(300))
        // Then every upload was answered (the simulator exits 0 only then)
        #expect(status == 0)
        let expected = Self.expectedReadings(stations: stations, hours: hours)
        // And the simulator counted as many readings acknowledged as the packets carried
        #expect(simulate.standardOutput().contains("\(stations * hours) uploads acknowledged, \(expected) readings,"))
        // And every reading is stored exactly once
        #expect(try Self.count(endpoints.databasePath, "SELECT COUNT(*) FROM reading") == expected)
        #expect(try Self.count(endpoints.databasePath, "SELECT COUNT(*) FROM station") == stations)
        #expect(
            try Self.count(
                endpoints.databasePath, "SELECT COUNT(DISTINCT qn) FROM rawPacket WHERE verdict = 'accepted'")
                == stations * hours)
        #expect(
            try Self.count(
                endpoints.databasePath,
                "SELECT COUNT(*) FROM rawPacket WHERE verdict = 'refused' AND reason <> 'bad_crc'")
                == 0)
        // And the subscriber heard each of them once
        let heard = try await eventually(timeout: .seconds(60)) {
            try sink.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM heard") ?? 0 } >= expected
        }
        #expect(heard)
        let distinct = try await sink.writer.read {
            try Int.fetchOne(
                $0, sql: "SELECT COUNT(*) FROM (SELECT DISTINCT station, factor, statistic, periodStart FROM heard)")
        }
        #expect(distinct == expected)
        subscriber.stop()
        context.terminate()
    }

    @Test("SIGKILL of ingest mid-stream: no acknowledged reading is lost, resent ones are stored once")
    func killDuringStream() async throws {
        let endpoints = try IngestEndpoints()
        defer { endpoints.data.remove() }
        var ingest = try await startIngest(endpoints)
        defer { ingest.kill() }
        let stations = 12
        let hours = 60
        // Given devices streaming paced uploads
        let simulate = try ChildProcess(
            BuiltProducts.path("greenheart"),
            [
                "simulate", "--stations", "\(stations)", "--hours", "\(hours)", "--rate", "25", "--target",
                "127.0.0.1:\(endpoints.hj212)", "--api", "http://127.0.0.1:\(endpoints.http)", "--prefix", "KIL",
                "--ack-timeout", "1", "--give-up", "180",
            ])
        defer { _ = simulate }
        let started = await eventually(timeout: .seconds(60)) {
            (try? Self.count(endpoints.databasePath, "SELECT COUNT(*) FROM reading")) ?? 0 > 200
        }
        #expect(started)
        // When ingest is killed with SIGKILL in the middle and started again on the same file and ports
        ingest.kill()
        let beforeKill = try Self.count(endpoints.databasePath, "SELECT COUNT(*) FROM reading")
        try await Task.sleep(for: .milliseconds(500))
        ingest = try await startIngest(endpoints)
        // Then the devices finish (every upload eventually answered) and each reading is stored exactly once
        let status = await simulate.wait(timeout: .seconds(240))
        #expect(status == 0)
        let expected = Self.expectedReadings(stations: stations, hours: hours)
        #expect(beforeKill < expected)
        #expect(try Self.count(endpoints.databasePath, "SELECT COUNT(*) FROM reading") == expected)
        #expect(
            try Self.count(
                endpoints.databasePath,
                "SELECT COUNT(*) FROM (SELECT DISTINCT station, factor, periodKind, periodStart, statistic FROM reading)"
            )
                == expected)
        #expect(try Self.count(endpoints.databasePath, "SELECT COUNT(*) FROM readingRevision") == 0)
    }

    @Test("greenheart hj212 decode, encode and crc on the reference's worked examples")
    func codecCommandLine() async throws {
        // Given the 2017 Appendix A example and a 2005 packet, each framed, one per line
        let appendixA =
            "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
        let legacy =
            "ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817000;B01-Rtd=36.91;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&"
        let lines = [
            String(decoding: try HJ212Encoder.frame(dataSegment: appendixA).dropLast(2), as: UTF8.self),
            String(decoding: try HJ212Encoder.frame(dataSegment: legacy).dropLast(2), as: UTF8.self),
            "##0010garbage!!1234",
        ]
        #expect(lines[0].hasSuffix("1C80"))
        #expect(lines[1].hasSuffix("4980"))
        let input = try TemporaryDirectory(prefix: "greenheart-cli")
        defer { input.remove() }
        let file = input.url.appendingPathComponent("packets.txt")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        // When they are decoded by the CLI
        let decode = try ChildProcess(
            "/bin/sh", ["-c", "\"\(BuiltProducts.path("greenheart"))\" hj212 decode < \"\(file.path)\""])
        #expect(await decode.wait(timeout: .seconds(30)) == 0)
        let output = decode.standardOutput().split(separator: "\n").map(String.init)
        // Then each line is the JSON the issue specifies, in order, with absent fields omitted
        #expect(
            output.first
                == #"{"ok":true,"qn":"20160801085857223","st":"32","cn":"1062","pw":"100000","mn":"010000A8900016F000169DC0","flag":5,"cp":{"RtdInterval":"30"}}"#
        )
        #expect(
            output.dropFirst().first
                == #"{"ok":true,"st":"32","cn":"2011","pw":"123456","mn":"LD130133000015","cp":{"DataTime":"20160824003817000","B01-Rtd":"36.91","011-Rtd":"231.0","011-Flag":"N","060-Rtd":"1.803","060-Flag":"N"}}"#
        )
        #expect(output.last?.hasPrefix(#"{"ok":false,"error":""#) == true)
        // And crc prints the standard's check value, and encode gives back the framed packet
        let crc = try ChildProcess(BuiltProducts.path("greenheart"), ["hj212", "crc", appendixA])
        #expect(await crc.wait(timeout: .seconds(30)) == 0)
        #expect(crc.standardOutput() == "1C80\n")
        let jsonFile = input.url.appendingPathComponent("packet.json")
        try Data((output[0] + "\n").utf8).write(to: jsonFile)
        let encode = try ChildProcess(
            "/bin/sh", ["-c", "\"\(BuiltProducts.path("greenheart"))\" hj212 encode < \"\(jsonFile.path)\""])
        #expect(await encode.wait(timeout: .seconds(30)) == 0)
        #expect(encode.standardOutput() == lines[0] + "\r\n")
    }
}
