import Domain
import Foundation
import Logging
import Metrics
import NIOCore

/// One device connection: frames the byte stream, reassembles split uploads, hands packets to the
/// store and writes each 9014 data answer only after the store committed.
struct HJ212Session {
    /// The connection.
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    /// Where packets go (in shared transactions).
    let committer: PacketCommitter
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
        Gauge(label: "hj212_connections_open").record(connections.openCount)
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
                    var rescan = true
                    while rescan {
                        while true {
                            let before = decoder.bufferedByteCount
                            guard let next = decoder.nextMessage() else {
                                received.keepLast(decoder.bufferedByteCount)
                                break
                            }
                            let raw = received.take(before - decoder.bufferedByteCount)
                            var content = next
                            if case .failure(let refusal) = next, refusal.reason == .badTail,
                                let retried = try? HJ212Message(
                                    wireBytes: raw, options: decoder.options.union(.missingTail))
                            {
                                // A frame refused only for its missing tail is read again with the tail
                                // leniency flagged, so a station allowed `missing_tail` is recognised (and a
                                // strict one refused with its MN known) before this connection knows it.
                                content = .success(retried)
                            }
                            var packet = ReceivedPacket(
                                connection: connection, peer: peer, receivedAt: Date(), bytes: raw, content: content)
                            if case .failure = content { packet.claimedMN = ReceivedPacket.claimedMN(inFrame: raw) }
                            let batch: [ReceivedPacket]
                            if case .success(let message) = content {
                                batch = assembler.add(packet, message: message)
                            } else {
                                batch = [packet]
                            }
                            if assembler.waitingCount > SplitAssembler.maximumWaiting {
                                // A peer that opens split uploads it never completes must not pin memory.
                                try await refuseWaiting(
                                    &assembler, reason: "too many incomplete split uploads on one connection")
                            }
                            guard !batch.isEmpty else { continue }
                            let verdict = try await committer.ingest(batch)
                            Self.count(batch, verdict)
                            if let station = verdict.station, verdict.accepted {
                                connections.attach(station.mn, to: id)
                                allowed.formUnion(station.options)
                            } else {
                                logger.debug(
                                    "packet refused",
                                    metadata: [
                                        "hj212.reason": "\(verdict.reason ?? "")",
                                        "hj212.message": "\(verdict.message ?? "")",
                                    ])
                            }
                            for acknowledgement in verdict.acknowledgements {
                                try await outbound.write(ByteBuffer(bytes: acknowledgement))
                            }
                        }
                        // Options change once a station is known: the bytes still buffered are cut again
                        // by a decoder with that station's framing leniencies.
                        let wanted = Self.decoderOptions(allowed: allowed)
                        rescan = decoder.options != wanted
                        if rescan {
                            decoder = HJ212FrameDecoder(options: wanted)
                            decoder.append(received.remaining)
                        }
                    }
                }
            }
        } catch {
            logger.debug("connection ended with an error", metadata: ["error": "\(error)"])
        }
        // Incomplete split uploads were never acknowledged; keep them for audit as refused.
        try? await refuseWaiting(&assembler, reason: "split upload incomplete when the connection closed")
        connections.close(id)
        Gauge(label: "hj212_connections_open").record(connections.openCount)
    }

    /// Records every waiting split part as refused and forgets it.
    private func refuseWaiting(_ assembler: inout SplitAssembler, reason: String) async throws {
        for var part in assembler.drain() {
            part.content = .failure(HJ212Refusal(.incompleteFrame, reason, raw: part.bytes))
            _ = try await committer.ingest([part])
        }
    }

    /// Counts packets by verdict and reason, the leniencies accepted packets needed, and readings by outcome.
    private static func count(_ batch: [ReceivedPacket], _ verdict: PacketVerdict) {
        Counter(
            label: "hj212_packets_total",
            dimensions: [("verdict", verdict.accepted ? "accepted" : "refused"), ("reason", verdict.reason ?? "")]
        ).increment(by: batch.count)
        guard verdict.accepted else { return }
        for packet in batch {
            guard case .success(let message) = packet.content, !message.leniencies.isEmpty else { continue }
            for name in message.leniencies.names {
                Counter(label: "hj212_leniencies_total", dimensions: [("leniency", name)]).increment()
            }
        }
        for outcome in [ReadingOutcome.stored, .unchanged, .revised] {
            let total = verdict.outcomes.filter { $0 == outcome }.count
            if total > 0 {
                Counter(label: "ingest_readings_total", dimensions: [("outcome", outcome.rawValue)]).increment(
                    by: total)
            }
        }
    }
}
