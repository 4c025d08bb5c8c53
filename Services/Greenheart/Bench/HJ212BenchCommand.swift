import ArgumentParser
import Domain
import Foundation

/// `greenheart bench hj212 FILE`: decode throughput of the HJ 212 codec over the packets of a file.
struct HJ212BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hj212",
        abstract: "Decode every packet of FILE (one per line) repeatedly and print packets/s (use a release build).")

    @Argument(help: "A file with one HJ 212 packet per line (the CR LF tail is optional).")
    var file: String

    @Option(help: "Minimum packets to decode in all.")
    var packets = 2_000_000

    @Option(help: "Bytes handed to the decoder per append, as a socket read would.")
    var chunk = 16 * 1024

    @Flag(help: "Decode with every leniency switched on.")
    var lenient = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchError("cannot read \(file)") }
        var stream: [UInt8] = []
        var count = 0
        for line in data.split(separator: 0x0A) {
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }
            guard !bytes.isEmpty else { continue }
            stream += bytes + [0x0D, 0x0A]
            count += 1
        }
        guard count > 0 else { throw BenchError("\(file) holds no packets") }
        let options: HJ212Options = lenient ? .all : []
        let rounds = max(1, packets / count)
        var decoded = 0
        var refused = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                var decoder = HJ212FrameDecoder(options: options)
                var offset = 0
                while offset < stream.count {
                    decoder.append(stream[offset..<min(offset + chunk, stream.count)])
                    offset += chunk
                    while let next = decoder.nextMessage() {
                        switch next {
                        case .success(let message): decoded += message.command > 0 ? 1 : 0
                        case .failure: refused += 1
                        }
                    }
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = decoded + refused
        let averageBytes = stream.count / count
        print(
            "decoded \(total) packets in \(String(format: "%.3f", seconds)) s: \(formatRate(Double(total) / seconds)) packets/s"
        )
        print("  \(count) distinct packets of ~\(averageBytes) bytes, \(rounds) rounds, \(refused) refused")
    }
}
