import BusTesting
import Domain
import Foundation
import GRDB
import Testing

@testable import Ingest

@Suite("HJ 212 listener over real TCP", .serialized, .timeLimit(.minutes(2)))
struct HJ212ServerTests {
    @Test("an authenticated upload is stored in UTC with units and flags, then acknowledged with its QN")
    func uploadStoredThenAcknowledged() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register()
        try await harness.run { _, port in
            // Given a registered station, When it sends a real-time upload asking for an answer
            let reply = try await TestDevice.with(port: port) { device in
                try await device.send(Packets.upload(fields: Packets.airFields))
                return try await device.nextReply()
            }
            // Then the 9014 echoes the QN, and the readings were already committed when it came
            #expect(reply?.cn == "9014")
            #expect(reply?.qn == "20240315103000123")
            #expect(reply?.mn == "430200A0001")
            let readings = try harness.readings()
            #expect(readings.count == 2)
            let pm25 = readings.first { $0.factor == "a34004" }
            #expect(pm25?.value == "35.2")
            #expect(pm25?.unit == "µg/m³")
            #expect(pm25?.flag == "N")
            #expect(pm25?.periodKind == "instant")
            #expect(pm25?.statistic == "Rtd")
            // 10:30 in Asia/Shanghai is 02:30 UTC
            #expect(pm25?.periodStart == Date(timeIntervalSince1970: 1_710_469_800))
            #expect(readings.first { $0.factor == "a21005" }?.unit == "mg/m³")
            // And the raw packet is kept as received, and one batch event went into the outbox
            let packets = try harness.packets()
            #expect(packets.count == 1)
            #expect(packets.first?.verdict == "accepted")
            #expect(packets.first.map { Array($0.bytes) } == Packets.upload(fields: Packets.airFields))
            let events = try harness.events()
            #expect(events.map(\.topic) == ["measurement.air.430200A0001"])
            #expect(events.first?.type == "measurement.batch")
            #expect(events.first?.payload.readings.count == 2)
        }
    }

    @Test("unknown MN, wrong PW and a disabled station are refused, recorded, and get no answer")
    func refusedPackets() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register()
        try await harness.register(mn: "430200A0009", enabled: false)
        try await harness.run { _, port in
            // When three bad packets and then a good one are sent on one connection
            let reply = try await TestDevice.with(port: port) { device in
                try await device.send(Packets.upload(mn: "999999", fields: Packets.airFields))
                try await device.send(Packets.upload(pw: "wrong", fields: Packets.airFields))
                try await device.send(Packets.upload(mn: "430200A0009", fields: Packets.airFields))
                try await device.send(Packets.upload(qn: "20240315103000999", fields: Packets.airFields))
                return try await device.nextReply()
            }
            // Then the only answer is the good packet's, and only its readings are stored
            #expect(reply?.qn == "20240315103000999")
            #expect(try harness.readings().count == 2)
            let packets = try harness.packets()
            #expect(packets.map(\.verdict) == ["refused", "refused", "refused", "accepted"])
            #expect(packets.compactMap(\.reason) == ["unknown_station", "wrong_password", "station_disabled"])
        }
    }

    @Test("a resend is a no-op; a correction is stored as a revision and published as one")
    func resendAndCorrection() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register()
        try await harness.run { _, port in
            // Given an hourly upload, When it is sent again unchanged and then corrected
            let hourly = "a34004-Avg=40,a34004-Flag=N"
            let replies = try await TestDevice.with(port: port) { device in
                var replies: [String?] = []
                for (qn, fields) in [
                    ("20240315110000001", hourly), ("20240315110000002", hourly),
                    ("20240315110000003", "a34004-Avg=38.5,a34004-Flag=N"),
                ] {
                    try await device.send(Packets.upload(cn: 2061, qn: qn, dataTime: "20240315100000", fields: fields))
                    replies.append(try await device.nextReply()?.qn)
                }
                return replies
            }
            // Then every packet was answered, one reading holds the corrected value with one revision
            #expect(replies == ["20240315110000001", "20240315110000002", "20240315110000003"])
            let readings = try harness.readings()
            #expect(readings.count == 1)
            #expect(readings.first?.value == "38.5")
            #expect(readings.first?.periodKind == "hour")
            #expect(readings.first?.revisionCount == 1)
            let revisions = try await harness.store.writer.read { try ReadingRevision.fetchAll($0) }
            #expect(revisions.map(\.previousValue) == ["40"])
            // And the events are one batch and one revision, stamped with the data time
            let events = try harness.events()
            #expect(events.map(\.type) == ["measurement.batch", "measurement.revised"])
            #expect(events.last?.payload.readings.first?.previousValue == "40")
            #expect(events.last?.payload.periodStart == Date(timeIntervalSince1970: 1_710_468_000))
        }
    }

    @Test("partial reads, several packets in one write and garbage in between")
    func streamFraming() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register()
        try await harness.run { _, port in
            // Given three packets with garbage between them, When they arrive 7 bytes at a time
            let first = Packets.upload(qn: "20240315103000001", dataTime: "20240315103000", fields: Packets.airFields)
            let second = Packets.upload(qn: "20240315103000002", dataTime: "20240315103100", fields: Packets.airFields)
            let third = Packets.upload(qn: "20240315103000003", dataTime: "20240315103200", fields: Packets.airFields)
            var corrupted = second
            corrupted[20] ^= 0x01
            let stream = first + Array("noise\r\n".utf8) + corrupted + second + third
            let qns = try await TestDevice.with(port: port) { device in
                try await device.send(stream, chunk: 7)
                var qns: [String?] = []
                for _ in 0..<3 { qns.append(try await device.nextReply()?.qn) }
                return qns
            }
            // Then the good ones are stored and answered in order, the bad bytes refused with reasons
            #expect(qns == ["20240315103000001", "20240315103000002", "20240315103000003"])
            #expect(try harness.readings().count == 6)
            let refused = try harness.packets().filter { $0.verdict == "refused" }
            #expect(refused.compactMap(\.reason) == ["bad_header", "bad_crc"])
            // And the CRC-damaged frame is filed under the MN it claims, so the station's status shows it
            #expect(refused.map(\.mn) == [nil, "430200A0001"])
        }
    }

    @Test("split uploads are stored and answered only once every part arrived")
    func splitReassembly() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(kind: .water, st: "21")
        try await harness.run { _, port in
            let part1 = Packets.upload(
                st: "21", cn: 2061, qn: "20160801085857534", dataTime: "20160801080000",
                fields: "w01001-Avg=7.5,w01001-Flag=N", split: (1, 2))
            let part2 = Packets.upload(
                st: "21", cn: 2061, qn: "20160801085857535", dataTime: "20160801080000",
                fields: "w01018-Avg=12.4,w01018-Flag=N", split: (2, 2))
            try await TestDevice.with(port: port) { device in
                // When the first part arrives alone, Then nothing is stored yet
                try await device.send(part1)
                try await Task.sleep(for: .milliseconds(300))
                #expect(try harness.readings().isEmpty)
                // When the second part arrives, Then both are answered, each with its own QN
                try await device.send(part2)
                let first = try await device.nextReply()
                let second = try await device.nextReply()
                #expect([first?.qn, second?.qn] == ["20160801085857534", "20160801085857535"])
            }
            // And both parts' readings went in one batch event
            #expect(Set(try harness.readings().map(\.factor)) == ["w01001", "w01018"])
            #expect(try harness.readings().first { $0.factor == "w01018" }?.unit == "mg/L")
            let events = try harness.events()
            #expect(events.count == 1)
            #expect(events.first?.topic == "measurement.water.430200A0001")
        }
    }

    @Test("restart notices and facility run states are stored")
    func restartAndRunState() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(kind: .emission, st: "31")
        try await harness.run { _, port in
            _ = try await TestDevice.with(port: port) { device in
                let restart = try HJ212Encoder.frame(
                    dataSegment:
                        "QN=20240315080000001;ST=31;CN=2081;PW=123456;MN=430200A0001;Flag=5;CP=&&DataTime=20240315080000;RestartTime=20240315075800&&"
                )
                try await device.send(restart)
                _ = try await device.nextReply()
                try await device.send(
                    Packets.upload(st: "31", cn: 2021, qn: "20240315080100001", fields: "SB1-RS=1;SB2-RS=0"))
                return try await device.nextReply()
            }
            let restarts = try await harness.store.writer.read { try StationRestart.fetchAll($0) }
            #expect(restarts.map(\.restartTime) == [Date(timeIntervalSince1970: 1_710_460_680)])
            let states = try harness.readings()
            #expect(states.map(\.factor) == ["SB1", "SB2"])
            #expect(states.map(\.statistic) == ["RS", "RS"])
            #expect(states.map(\.value) == ["1", "0"])
        }
    }

    @Test("a leniency is refused with its strict reason unless the station is allowed it")
    func perStationLeniency() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(mn: "STRICT01")
        try await harness.register(mn: "LENIENT1", lenient: ["modbus_crc"])
        try await harness.run { _, port in
            func modbusFrame(_ mn: String) throws -> [UInt8] {
                let segment =
                    "QN=20240315103000123;ST=22;CN=2011;PW=123456;MN=\(mn);Flag=5;CP=&&DataTime=20240315103000;a34004-Rtd=30&&"
                return try HJ212Encoder.frame(dataSegment: segment, style: HJ212FrameStyle(crcAlgorithm: .modbus))
            }
            let reply = try await TestDevice.with(port: port) { device in
                try await device.send(try modbusFrame("STRICT01"))
                try await device.send(try modbusFrame("LENIENT1"))
                return try await device.nextReply()
            }
            #expect(reply?.mn == "LENIENT1")
            #expect(try harness.packets().compactMap(\.reason) == ["bad_crc"])
            #expect(try harness.readings().map(\.station) == ["LENIENT1"])
        }
    }

    @Test("a 2005 upload is stored under 2017 codes and answered in the 2005 form; a 1013 notice gets 9013")
    func legacyDialectAndNotice() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(mn: "LD130133000015", kind: .water, st: "32")
        try await harness.run { _, port in
            let (answer, notice) = try await TestDevice.with(port: port) { device in
                let upload = try HJ212Encoder.frame(
                    dataSegment:
                        "QN=20160824003817000;ST=32;CN=2011;PW=123456;MN=LD130133000015;Flag=1;CP=&&DataTime=20160824003817;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&"
                )
                try await device.send(upload)
                let answer = try await device.nextReply()
                try await device.send(
                    try HJ212Encoder.frame(
                        dataSegment: "QN=20160824003900000;ST=32;CN=1013;PW=123456;MN=LD130133000015;Flag=4;CP=&&&&"))
                return (answer, try await device.nextReply())
            }
            #expect(answer?.cn == "9014")
            #expect(answer?.qn == nil)
            #expect(answer?.dataArea.value(of: "QN") == "20160824003817000")
            #expect(answer?.dataArea.value(of: "CN") == "2011")
            #expect(notice?.cn == "9013")
            #expect(notice?.qn == "20160824003900000")
            #expect(try harness.readings().map(\.factor) == ["w01018", "w21003"])
        }
    }

    @Test("a device allowed missing_tail is accepted without CR LF; a strict one is refused bad_tail with its MN")
    func missingTailPerStation() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.register(mn: "NOTAIL01", lenient: ["missing_tail"])
        try await harness.register(mn: "STRICT02")
        try await harness.run { _, port in
            func tailless(_ mn: String, _ minute: Int) throws -> [UInt8] {
                let time = "202403151\(minute)0000"
                return try HJ212Encoder.frame(
                    dataSegment:
                        "QN=\(time)001;ST=22;CN=2011;PW=123456;MN=\(mn);Flag=5;CP=&&DataTime=\(time);a34004-Rtd=3\(minute)&&",
                    style: HJ212FrameStyle(tail: .none))
            }
            // When the tolerated device sends three tail-less packets, each answered before the next
            let qns = try await TestDevice.with(port: port) { device in
                var qns: [String?] = []
                try await device.send(try tailless("NOTAIL01", 0))
                try await device.send(try tailless("NOTAIL01", 1))
                qns.append(try await device.nextReply()?.qn)
                qns.append(try await device.nextReply()?.qn)
                try await device.send(try tailless("NOTAIL01", 2))
                qns.append(try await device.nextReply()?.qn)
                return qns
            }
            // Then all three are stored and answered
            #expect(qns == ["20240315100000001", "20240315110000001", "20240315120000001"])
            #expect(try harness.readings().count == 3)
            // When a strict device does the same, Then it is refused with bad_tail and named
            try await TestDevice.with(port: port) { device in
                try await device.send(try tailless("STRICT02", 0))
                try await device.send(try tailless("STRICT02", 1))
                try await Task.sleep(for: .milliseconds(300))
            }
            let refused = try harness.packets().filter { $0.verdict == "refused" }
            #expect(refused.first?.reason == "bad_tail")
            #expect(refused.first?.mn == "STRICT02")
            #expect(try harness.readings().count == 3)
        }
    }

    @Test("registry changes apply to the very next packet")
    func registryChangesApplyAtOnce() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.run { _, port in
            try await TestDevice.with(port: port) { device in
                // Given an MN refused as unknown
                try await device.send(Packets.upload(qn: "20240315103000001", fields: Packets.airFields))
                let refused = await eventually { (try? harness.packets().count) == 1 }
                #expect(refused)
                // When it is registered, Then its next packet is accepted
                try await harness.register()
                try await device.send(Packets.upload(qn: "20240315103000002", fields: Packets.airFields))
                #expect(try await device.nextReply()?.qn == "20240315103000002")
                // When its password changes, Then the old one is refused and the new one accepted
                _ = try await harness.store.updateStation(mn: "430200A0001") { station in
                    var changed = station
                    changed.password = "654321"
                    return changed
                }
                try await device.send(Packets.upload(qn: "20240315103000003", fields: Packets.airFields))
                try await device.send(Packets.upload(pw: "654321", qn: "20240315103000004", fields: Packets.airFields))
                #expect(try await device.nextReply()?.qn == "20240315103000004")
            }
            #expect(try harness.packets().compactMap(\.reason) == ["unknown_station", "wrong_password"])
        }
    }

    @Test("a silent connection is closed after the idle timeout")
    func idleTimeout() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        try await harness.run(idleTimeout: 1) { _, port in
            let started = ContinuousClock.now
            try await TestDevice.with(port: port) { device in
                try await device.waitForClose()
            }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }
}
