import Domain
import Foundation
import NIOCore
import NIOPosix

/// One device's connection loop.
struct SimulatedDevice<Source: HourlySource>: Sendable {
    /// The station it imitates.
    let station: Source
    /// The run's plan.
    let plan: DevicePlan
    /// Called with the start of each hour once ingest acknowledged its upload.
    var acknowledged: @Sendable (Date) -> Void = { _ in }

    /// Sends every hour, reconnecting and resending until each is answered or the device gives up; in
    /// live mode then waits for each next hour to end and sends it, until cancelled.
    func run() async -> DeviceTotals {
        var totals = DeviceTotals()
        var random = SplitMixRandom(seed: UInt64(station.index) &+ 77)
        // Late backfill: some hours are held back and sent after all the others, as a device back
        // from an outage sends its stored hours.
        var onTime: [Int] = []
        var held: [Int] = []
        for hour in 0..<plan.hours {
            if random.nextUnit() < plan.late { held.append(hour) } else { onTime.append(hour) }
        }
        var order = onTime + held
        var sent = 0
        let clock = ContinuousClock()
        var deadline = clock.now + plan.giveUp
        var broken = false
        while !Task.isCancelled {
            if sent == order.count {
                // Live: the next hour goes out once it has ended, on a fresh connection (a device that
                // stays silent for an hour would be cut off by ingest's idle timeout anyway).
                guard plan.live else { break }
                let next = order.count
                let due = plan.start(ofHour: next + 1)
                let wait = due.timeIntervalSinceNow
                if wait > 0 {
                    do {
                        try await Task.sleep(for: .milliseconds(Int64(wait * 1000)) + plan.liveDelay)
                    } catch {
                        break
                    }
                }
                order.append(next)
                deadline = clock.now + plan.giveUp
            }
            guard plan.live || clock.now < deadline else { break }
            if broken { totals.reconnects += 1 }
            broken = true
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.seconds(2))
                    .connect(host: plan.host, port: plan.port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                        }
                    }
                try await channel.executeThenClose { inbound, outbound in
                    let answered = AnswerBook(loop: channel.channel.eventLoop)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            var pending: [UInt8] = []
                            for try await buffer in inbound {
                                pending += Array(buffer.readableBytesView)
                                while let end = pending.firstIndex(of: 0x0A) {
                                    let frame = Array(pending[...end])
                                    pending.removeSubrange(...end)
                                    if let qn = try? HJ212Message(wireBytes: frame).qn {
                                        answered.insert(qn)
                                    }
                                }
                            }
                        }
                        var attempts = 0
                        sending: while sent < order.count {
                            let (bytes, qn, readings) = packet(hour: order[sent])
                            if random.nextUnit() < plan.badCRC {
                                var corrupted = bytes
                                corrupted[corrupted.count - 4] =
                                    corrupted[corrupted.count - 4] == UInt8(ascii: "0")
                                    ? UInt8(ascii: "1") : UInt8(ascii: "0")
                                try await outbound.write(ByteBuffer(bytes: corrupted))
                                totals.corrupted += 1
                            }
                            try await outbound.write(ByteBuffer(bytes: bytes))
                            // A live device has no deadline: it waits for each answer up to the ack timeout.
                            let untilDeadline =
                                plan.live ? plan.ackTimeout : max(clock.now.duration(to: deadline), .zero)
                            guard await answered.wait(for: qn, timeout: min(plan.ackTimeout, untilDeadline)) else {
                                totals.resent += 1
                                attempts += 1
                                if attempts >= 3 { break sending }
                                continue
                            }
                            attempts = 0
                            totals.acknowledged += 1
                            totals.readings += readings
                            acknowledged(plan.start(ofHour: order[sent]))
                            sent += 1
                            if plan.rate > 0, sent < order.count {
                                try await Task.sleep(for: .milliseconds(Int64(1000 / plan.rate)))
                            }
                            if random.nextUnit() < plan.disconnect { break sending }
                        }
                        if sent == order.count { broken = false }
                        group.cancelAll()
                    }
                }
            } catch {
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        if sent < order.count { totals.unfinished = 1 }
        return totals
    }

    /// The upload of hour `hour`: its bytes, its QN and how many readings it carries.
    func packet(hour: Int) -> (bytes: [UInt8], qn: String, readings: Int) {
        let time = plan.start(ofHour: hour)
        let dataTime = HJ212LocalTime.text(from: time)
        let localHour = Int(dataTime.dropFirst(8).prefix(2)) ?? 0
        let suffix = String(station.index % 1000)
        let qn = dataTime + String(repeating: "0", count: 3 - suffix.count) + suffix
        let fields = station.hourlyFields(hour: hour, localHour: localHour)
        let segment =
            "QN=\(qn);ST=\(station.st);CN=2061;PW=\(station.password);MN=\(station.mn);Flag=5;CP=&&DataTime=\(dataTime);\(fields)&&"
        return ((try? HJ212Encoder.frame(dataSegment: segment)) ?? [], qn, CPFieldList.readingCount(fields))
    }
}

/// Counting in the CP field lists the simulator builds.
enum CPFieldList {
    /// The readings in a CP field list: every `code-Suffix=value` field but the `-Flag` ones, counted
    /// in one pass over the bytes (the simulator builds a packet per upload, so this is hot).
    static func readingCount(_ fields: String) -> Int {
        enum Part { case code, suffix, value }
        let flag = Array("Flag".utf8)
        var count = 0
        var part = Part.code
        var suffix: [UInt8] = []
        for byte in fields.utf8 {
            switch (part, byte) {
            case (_, UInt8(ascii: ";")), (_, UInt8(ascii: ",")):
                part = .code
            case (.code, UInt8(ascii: "-")):
                part = .suffix
                suffix.removeAll(keepingCapacity: true)
            case (.code, UInt8(ascii: "=")):
                part = .value
            case (.suffix, UInt8(ascii: "=")):
                if suffix != flag { count += 1 }
                part = .value
            case (.suffix, _):
                suffix.append(byte)
            default:
                break
            }
        }
        return count
    }
}
