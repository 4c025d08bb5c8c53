import Domain

/// Collects the parts of split uploads (PNUM/PNO) on one connection until every part is there.
///
/// HJ 212 has no reassembly key; parts are grouped by (MN, CN, DataTime, PNUM), as the reference advises.
struct SplitAssembler {
    private struct Key: Hashable {
        var mn: String?
        var cn: String
        var dataTime: String?
        var count: Int
    }

    private var pending: [Key: [Int: ReceivedPacket]] = [:]

    /// Largest PNUM accepted; a larger one is treated as a whole packet.
    static let maximumParts = 999

    /// Most parts kept waiting on one connection before they are all refused.
    static let maximumWaiting = 512

    /// Makes an empty assembler.
    init() {}

    /// Adds a packet: returns the packets to process now (itself when not split, every part when the
    /// last one arrived), or an empty array while parts are missing.
    mutating func add(_ packet: ReceivedPacket, message: HJ212Message) -> [ReceivedPacket] {
        guard message.isSplit, let position = message.splitPosition, position.count > 1,
            position.count <= Self.maximumParts, (1...position.count).contains(position.number)
        else { return [packet] }
        let key = Key(
            mn: message.mn, cn: message.cn, dataTime: message.dataArea.value(of: "DataTime"), count: position.count)
        var parts = pending[key] ?? [:]
        parts[position.number] = packet
        guard parts.count == position.count else {
            pending[key] = parts
            return []
        }
        pending[key] = nil
        return (1...position.count).compactMap { parts[$0] }
    }

    /// Parts still waiting for their siblings.
    var waitingCount: Int {
        pending.values.reduce(0) { $0 + $1.count }
    }

    /// Removes and returns every waiting part (when the connection closes).
    mutating func drain() -> [ReceivedPacket] {
        defer { pending.removeAll() }
        return pending.values.flatMap { $0.values }
    }
}
