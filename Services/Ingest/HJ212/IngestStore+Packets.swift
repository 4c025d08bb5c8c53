import Domain
import Foundation
import GRDB

extension IngestStore {
    /// Records the packets (one, or every part of a split upload) inside the caller's transaction and,
    /// when they authenticate, their readings and events; returns the verdict with the answers to send
    /// once that transaction committed (`PacketCommitter` runs it, one savepoint per call).
    func ingest(_ db: Database, packets: [ReceivedPacket], globalOptions: HJ212Options) throws -> PacketVerdict {
        var messages: [HJ212Message] = []
        for packet in packets {
            switch packet.content {
            case .failure(let refusal):
                try insertRaw(db, packets, message: nil, verdict: IngestRefusal(refusal.reason, refusal.message))
                return PacketVerdict(
                    reason: refusal.reason.rawValue, message: refusal.message, outcomes: [], acknowledgements: [])
            case .success(let message):
                messages.append(message)
            }
        }
        var station: Station?
        do throws(IngestRefusal) {
            for message in messages {
                station = try authenticate(db, message, globalOptions: globalOptions)
            }
        } catch {
            try insertRaw(db, packets, message: messages.first, verdict: error)
            return PacketVerdict(reason: error.code, message: error.message, outcomes: [], acknowledgements: [])
        }
        guard let station else {
            return PacketVerdict(reason: "empty", message: "no packet", outcomes: [], acknowledgements: [])
        }
        var inputs: [ReadingInput] = []
        do throws(IngestRefusal) {
            for (message, packet) in zip(messages, packets) {
                if let prepared = packet.prepared, prepared.timeZone == station.timeZone {
                    inputs += try prepared.readings.get()
                } else {
                    inputs += try HJ212Normaliser.readings(from: message, station: station)
                }
            }
        } catch {
            try insertRaw(db, packets, message: messages.first, verdict: error, station: station)
            return PacketVerdict(
                station: station, reason: error.code, message: error.message, outcomes: [], acknowledgements: [])
        }
        let now = packets.last?.receivedAt ?? Date()
        let ids = try insertRaw(
            db, packets, message: messages.first, verdict: nil, station: station, readings: inputs.count)
        for message in messages where message.command == HJ212CommandCode.restartTime {
            if let time = HJ212Normaliser.restartTime(of: message, station: station) {
                try StationRestart(station: station.mn, restartTime: time, receivedAt: now).insert(
                    db, onConflict: .ignore)
            }
        }
        let outcomes = try record(
            db, station: station, readings: inputs, source: "hj212", packetId: ids.first, now: now)
        var acknowledgements: [[UInt8]] = []
        for message in messages {
            if HJ212CommandCode.uploads.contains(message.command) {
                if let bytes = try? HJ212Reply.dataAnswerBytesIfRequested(for: message) {
                    acknowledgements.append(bytes)
                }
            } else if message.command == HJ212CommandCode.timeCalibrationRequest {
                // A notice: answered with 9013 whatever its Flag says.
                if let answer = try? HJ212Reply.noticeAnswer(to: message) {
                    acknowledgements.append(answer.wireBytes())
                }
            }
        }
        return PacketVerdict(station: station, outcomes: outcomes, acknowledgements: acknowledgements)
    }

    /// Checks MN, PW, the enabled switch and the leniencies the packet needed against the registry.
    private func authenticate(_ db: Database, _ message: HJ212Message, globalOptions: HJ212Options)
        throws(IngestRefusal) -> Station
    {
        guard let mn = message.mn, !mn.isEmpty else { throw IngestRefusal(.missingMN, "the packet has no MN") }
        let found: Station?
        let cached = stationCache.lookup(mn)
        if let entry = cached.entry {
            found = entry
        } else {
            do { found = try Station.fetchOne(db, key: mn) } catch {
                throw IngestRefusal(.unknownStation, "the registry could not be read")
            }
            stationCache.remember(found, for: mn, generation: cached.generation)
        }
        guard let station = found else {
            throw IngestRefusal(.unknownStation, "no station with MN \(mn) is registered")
        }
        guard message.pw == station.password else {
            throw IngestRefusal(.wrongPassword, "PW does not match station \(mn)")
        }
        guard station.enabled else { throw IngestRefusal(.stationDisabled, "station \(mn) is disabled") }
        let needed = message.leniencies.subtracting(globalOptions.union(station.options))
        if let first = HJ212Options.allNamed.first(where: { needed.contains($0.option) }) {
            throw IngestRefusal(
                IngestRefusal.reason(forLeniency: first.option),
                "the packet needs leniency \(first.name), which station \(mn) is not allowed")
        }
        return station
    }

    @discardableResult
    private func insertRaw(
        _ db: Database, _ packets: [ReceivedPacket], message: HJ212Message?, verdict: IngestRefusal?,
        station: Station? = nil, readings: Int = 0
    ) throws -> [Int64] {
        var ids: [Int64] = []
        for (index, packet) in packets.enumerated() {
            let decoded = try? packet.content.get()
            // A cached statement rather than the record's insert: this runs once per packet received.
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO rawPacket (connection, peer, receivedAt, mn, cn, qn, verdict, reason, message, readings, bytes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            try insert.execute(arguments: [
                packet.connection, packet.peer, BusTime.formatDatabase(packet.receivedAt),
                decoded?.mn ?? message?.mn ?? packet.claimedMN,
                decoded?.cn, decoded?.qn, verdict == nil ? "accepted" : "refused", verdict?.code, verdict?.message,
                index == 0 ? readings : 0,
                Data(verdict == nil ? packet.bytes : Array(packet.bytes.prefix(HJ212Refusal.maximumRawCount))),
            ])
            ids.append(db.lastInsertedRowID)
        }
        return ids
    }
}
