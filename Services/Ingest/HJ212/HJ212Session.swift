import Domain
import Foundation
import Logging
import NIOCore

/// One device connection: frames the byte stream, reassembles split uploads, hands packets to the
/// store and writes each 9014 data answer only after the store committed.
struct HJ212Session {
    /// The connection.
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    /// Where packets go.
    let store: IngestStore
    /// The open connections.
    let connections: ConnectionRegistry
    /// Leniencies allowed for every device.
    let globalOptions: HJ212Options
    /// The process logger.
    let logger: Logger

    // Structural leniencies are always parsed so a refusal can name the station and the exact
    // leniency; whether the packet is accepted is decided against the registry. Framing leniencies
    // that change where a frame ends (a missing tail, oversize, length scanning) would change how a
    // strict stream is cut, so they are only switched on when configured.
    private static let framingLeniencies: HJ212Options = [.missingTail, .oversize, .lengthMismatch]

    /// The decoder options for a connection whose stations allow `allowed`.
    static func decoderOptions(allowed: HJ212Options) -> HJ212Options {
        HJ212Options.all.subtracting(framingLeniencies).union(allowed)
    }

    /// Serves the connection until it closes, fails or idles out.
    func run() async {
        let id = connections.open(channel.channel)
        let connection = "c\(id)"
        let peer = channel.channel.remoteAddress?.description
        var logger = logger
        logger[metadataKey: "hj212.connection"] = "\(connection)"
        var decoder = HJ212FrameDecoder(options: Self.decoderOptions(allowed: globalOptions))
        var assembler = SplitAssembler()
        var received = ReceivedBytes()
        var allowed = globalOptions
        do {
            try await channel.executeThenClose { inbound, outbound in
                for try await buffer in inbound {
                    let bytes = Array(buffer.readableBytesView)
                    decoder.append(bytes)
                    received.append(bytes)
                    while true {
                        let before = decoder.bufferedByteCount
                        guard let next = decoder.nextMessage() else { break }
                        let raw = received.take(before - decoder.bufferedByteCount)
                        let packet = ReceivedPacket(
                            connection: connection, peer: peer, receivedAt: Date(), bytes: raw, content: next)
                        let batch: [ReceivedPacket]
                        if case .success(let message) = next {
                            batch = assembler.add(packet, message: message)
                        } else {
                            batch = [packet]
                        }
                        guard !batch.isEmpty else { continue }
                        let verdict = try await store.ingest(batch, globalOptions: globalOptions)
                        if let station = verdict.station, verdict.accepted {
                            connections.attach(station.mn, to: id)
                            allowed = globalOptions.union(station.options)
                        } else {
                            logger.debug(
                                "packet refused",
                                metadata: ["hj212.reason": "\(verdict.reason ?? "")", "hj212.message": "\(verdict.message ?? "")"])
                        }
                        for acknowledgement in verdict.acknowledgements {
                            try await outbound.write(ByteBuffer(bytes: acknowledgement))
                        }
                    }
                    // Only a drained decoder can change options without re-cutting buffered bytes.
                    let wanted = Self.decoderOptions(allowed: allowed)
                    if decoder.bufferedByteCount == 0, decoder.options != wanted {
                        decoder = HJ212FrameDecoder(options: wanted)
                    }
                }
            }
        } catch {
            logger.debug("connection ended with an error", metadata: ["error": "\(error)"])
        }
        let waiting = assembler.drain()
        if !waiting.isEmpty {
            // Incomplete split uploads were never acknowledged; keep them for audit as refused.
            let refused = waiting.map { part in
                var part = part
                part.content = .failure(HJ212Refusal(.incompleteFrame, "split upload incomplete when the connection closed"))
                return part
            }
            for part in refused { _ = try? await store.ingest([part], globalOptions: globalOptions) }
        }
        connections.close(id)
    }
}

/// A mirror of the bytes given to the decoder, so each packet can be kept exactly as received.
struct ReceivedBytes {
    private var bytes: [UInt8] = []
    private var start = 0

    /// Makes an empty mirror.
    init() {}

    /// Adds bytes as they arrive.
    mutating func append(_ more: [UInt8]) {
        if start > 0, start * 2 > bytes.count {
            bytes.removeSubrange(0..<start)
            start = 0
        }
        bytes.append(contentsOf: more)
    }

    /// Removes and returns the next `count` bytes.
    mutating func take(_ count: Int) -> [UInt8] {
        let end = min(start + max(count, 0), bytes.count)
        let result = Array(bytes[start..<end])
        start = end
        return result
    }
}
