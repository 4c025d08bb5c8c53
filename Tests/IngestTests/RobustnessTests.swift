import BusTesting
import Domain
import Foundation
import GRDB
import Testing

@testable import Ingest

@Suite("Robustness against mutated traffic", .serialized, .timeLimit(.minutes(5)))
struct RobustnessTests {
    /// A bad variant of `good` (or plain garbage), chosen by `random`.
    static func mutate(_ good: [UInt8], _ random: inout TestRandom) -> [UInt8] {
        var bytes = good
        switch random.below(9) {
        case 0:
            let index = 6 + random.below(bytes.count - 12)
            bytes[index] ^= UInt8(1 + random.below(255))
        case 1:
            bytes = Array(bytes.prefix(1 + random.below(bytes.count - 1)))
        case 2:
            bytes = (0..<(1 + random.below(200))).map { _ in UInt8(random.below(256)) }
        case 3:
            for index in 2..<6 { bytes[index] = UInt8(random.below(256)) }
        case 4:
            let crcStart = bytes.count - 6
            for index in crcStart..<(crcStart + 4) { bytes[index] = Array("0123456789ABCDEF".utf8)[random.below(16)] }
        case 5:
            bytes = Packets.upload(
                mn: "NOPE\(random.below(1000))", qn: "20240101000000\(100 + random.below(900))",
                fields: Packets.airFields)
        case 6:
            bytes =
                (try? HJ212Encoder.frame(dataSegment: "QN=20240101000000001;CN=2011;PW=123456;MN=X;Flag=5;CP=&&&&"))
                ?? []
        case 7:
            var segment = Array(
                "QN=20240101000000001;ST=22;CN=2011;PW=123456;MN=430200R0001;Flag=5;CP=&&DataTime=20240101000000;a34004-Rtd=1&&"
                    .utf8)
            segment[segment.count - 3] = 0xFF
            bytes = (try? HJ212Encoder.frame(dataSegment: segment)) ?? []
        default:
            bytes = Array("##9999".utf8) + bytes.dropFirst(6)
        }
        return bytes
    }

    @Test(
        "10,000 random and mutated packets among good ones: no crash, each bad one refused with a reason, every good one stored"
    )
    func mutatedTraffic() async throws {
        let harness = try IngestHarness()
        defer { harness.remove() }
        let connections = 10
        let goodPerConnection = 100
        let badPerGood = 10
        for index in 0..<connections { try await harness.register(mn: "430200R\(String(format: "%04d", index))") }
        try await harness.run { _, port in
            // Given 10 devices on their own connections, When each sends 1,000 bad packets among 100 good ones
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<connections {
                    group.addTask {
                        var random = TestRandom(seed: UInt64(index) + 1)
                        let mn = "430200R\(String(format: "%04d", index))"
                        try await AckingDevice.with(port: port) { send, answered in
                            for hour in 0..<goodPerConnection {
                                let dataTime = HJ212LocalTime.text(
                                    from: Date(timeIntervalSince1970: 1_700_000_000 + Double(hour) * 3600))
                                let qn = dataTime + String(format: "%03d", index)
                                let good = Packets.upload(
                                    mn: mn, cn: 2061, qn: qn, dataTime: dataTime,
                                    fields: "a34004-Avg=\(hour),a34004-Flag=N;a21005-Avg=1.\(hour)")
                                var tries = 0
                                repeat {
                                    for _ in 0..<badPerGood { try await send(Self.mutate(good, &random)) }
                                    try await send(good)
                                    tries += 1
                                } while await !answered(qn, .milliseconds(tries < 3 ? 300 : 2000)) && tries < 20
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // Then every good reading is stored exactly once
            let readings = try harness.readings()
            #expect(readings.count == connections * goodPerConnection * 2)
            #expect(Set(readings.map { "\($0.station)|\($0.factor)|\($0.periodStart)" }).count == readings.count)
            // And every refusal carries a reason, and only good packets were accepted
            let packets = try harness.packets()
            let refused = packets.filter { $0.verdict == "refused" }
            #expect(refused.count >= connections * goodPerConnection * badPerGood / 3)
            #expect(refused.allSatisfy { !($0.reason ?? "").isEmpty })
            #expect(packets.filter { $0.verdict == "accepted" }.allSatisfy { $0.mn?.hasPrefix("430200R") == true })
            let reasons = Set(refused.compactMap(\.reason))
            #expect(
                reasons.isSuperset(of: [
                    "bad_crc", "unknown_station", "missing_field", "bad_encoding", "length_over_limit",
                ]))
            // And the listener still serves a new connection
            try await harness.register(mn: "430200AFTER")
            let reply = try await TestDevice.with(port: port) { device in
                try await device.send(Packets.upload(mn: "430200AFTER", fields: Packets.airFields))
                return try await device.nextReply()
            }
            #expect(reply?.cn == "9014")
        }
    }
}
