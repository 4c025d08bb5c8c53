import ArgumentParser
import Bus
import Domain
import Foundation

/// `greenheart bus tail`: print every event a publisher sends, one JSON object per line.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Print events from a publisher as JSON lines (no replay).")

    @Option(help: "The publisher's PUB endpoint.")
    var endpoint = "tcp://127.0.0.1:7081"

    @Option(name: .customLong("prefix"), help: "Topic prefix to subscribe to (repeatable; default: all).")
    var prefixes: [String] = []

    @Flag(help: "Also print heartbeats.")
    var heartbeats = false

    @Option(help: "Stop after this many events.")
    var count: Int?

    /// The publisher's CURVE public key; the pair comes from `BUS_CURVE_SECRET_KEY`.
    @Option(help: "The publisher's CURVE public key (Z85), for a secured bus; the key pair is BUS_CURVE_SECRET_KEY.")
    var serverKey: String?

    func run() async throws {
        let context = try ZMQContext()
        let prefixes = self.prefixes.isEmpty ? [""] : self.prefixes
        let endpoint = self.endpoint
        var keyPair: CurveKeyPair?
        if serverKey != nil {
            guard let secret = ProcessInfo.processInfo.environment["BUS_CURVE_SECRET_KEY"] else {
                throw ValidationError("--server-key needs this department's secret key in BUS_CURVE_SECRET_KEY")
            }
            keyPair = try CurveKeyPair(secretKey: secret)
        }
        let curve = serverKey.flatMap { key in keyPair.map { (key, $0) } }
        let channel = try ZMQChannel(context: context, kind: .sub, name: "tail") { socket in
            if let curve { try socket.useCurveClient(serverKey: curve.0, keyPair: curve.1) }
            for prefix in prefixes { try socket.subscribe(prefix) }
            try socket.connect(endpoint)
        }
        var printed = 0
        for await message in channel.messages {
            switch BusEvent.parse(message.frames) {
            case .failure(let reason):
                FileHandle.standardError.write(Data("bad message: \(reason.rawValue)\n".utf8))
            case .success(let event):
                if !heartbeats && event.topic.hasPrefix(Topic.heartbeatPrefix) { continue }
                let line =
                    #"{"topic":"# + jsonString(event.topic) + #","envelope":"#
                    + String(decoding: event.envelopeData, as: UTF8.self) + #","payload":"#
                    + String(decoding: event.payload, as: UTF8.self) + "}\n"
                FileHandle.standardOutput.write(Data(line.utf8))
                printed += 1
                if let count, printed >= count {
                    channel.close()
                    return
                }
            }
        }
    }

    private func jsonString(_ text: String) -> String {
        (try? String(decoding: JSONEncoder().encode(text), as: UTF8.self)) ?? "\"\""
    }
}
