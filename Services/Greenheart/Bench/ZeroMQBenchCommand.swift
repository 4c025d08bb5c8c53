import ArgumentParser
import Bus
import CZeroMQ
import Foundation

/// `greenheart bench zmq`: raw libzmq PUB/SUB throughput over TCP loopback.
struct ZeroMQBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zmq", abstract: "Raw libzmq PUB/SUB throughput on loopback TCP (three frames, ~300 bytes).")

    @Option(help: "Messages to send.")
    var messages = 500_000

    func run() throws {
        let context = try ZMQContext()
        let endpoint = LockedValue<Result<String, any Error>?>(nil)
        let subscribed = LockedValue(false)
        let bound = DispatchSemaphore(value: 0)
        let total = messages
        // The PUB socket lives on its own thread for its whole life, as every bus socket does.
        let sender = Thread {
            do {
                let pub = try ZMQSocket(context: context, kind: .pub)
                defer { pub.close() }
                try pub.setOption(ZMQ_SNDHWM, 0)
                let address = try pub.bind("tcp://127.0.0.1:*")
                endpoint.withLock { $0 = .success(address) }
                bound.signal()
                // Until the subscription has reached us, messages would be dropped (slow joiner).
                while !subscribed.value {
                    try pub.send([Data("warmup".utf8)])
                    Thread.sleep(forTimeInterval: 0.005)
                }
                let frames = [
                    Data("measurement.air.430200001".utf8), Data(repeating: 0x62, count: 180),
                    Data(repeating: 0x63, count: 100),
                ]
                for _ in 0..<total { try pub.send(frames) }
                try pub.send([Data("end".utf8)])
                Thread.sleep(forTimeInterval: 0.5)
            } catch {
                endpoint.withLock { $0 = .failure(error) }
                bound.signal()
            }
        }
        sender.start()
        bound.wait()
        let address = try endpoint.value?.get() ?? ""
        let sub = try ZMQSocket(context: context, kind: .sub)
        try sub.setOption(ZMQ_RCVHWM, 0)
        try sub.subscribe("")
        try sub.connect(address)
        while let first = try sub.receive(), first.count != 1 || first[0] != Data("warmup".utf8) {}
        let clock = ContinuousClock()
        let start = clock.now
        subscribed.withLock { $0 = true }
        var received = 0
        while let message = try sub.receive() {
            if message.count == 1 {
                if message[0] == Data("end".utf8) { break }
                continue
            }
            received += 1
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("zmq raw: \(received) of \(total) messages (3 frames, ~300 bytes) PUB→SUB over tcp://127.0.0.1")
        print("  \(formatRate(Double(received) / seconds)) messages/s")
        sub.close()
        context.terminate()
    }
}
