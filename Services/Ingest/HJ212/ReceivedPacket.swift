import Domain
import Foundation

/// Bytes cut from one TCP connection: a decoded packet or a refusal, with where and when they came.
struct ReceivedPacket: Sendable {
    /// The connection id.
    var connection: String
    /// The peer address.
    var peer: String?
    /// When the bytes completed, UTC.
    var receivedAt: Date
    /// The bytes exactly as received.
    var bytes: [UInt8]
    /// What the codec made of them.
    var content: Result<HJ212Message, HJ212Refusal>
    /// The MN a refused frame claims (read from its data segment without trusting it), for audit and status.
    var claimedMN: String? = nil
    /// Its readings, normalised before the packet reached the writer with the time zone the station
    /// cache knew then; the writer uses them only if the authenticated station still has that zone.
    var prepared: PreparedReadings? = nil

    /// The MN in the data segment of a framed but refused packet (bad CRC, bad tail…), if one can be read.
    static func claimedMN(inFrame raw: [UInt8]) -> String? {
        guard raw.count > 6, raw[0] == UInt8(ascii: "#"), raw[1] == UInt8(ascii: "#"),
            let length = Int(String(decoding: raw[2..<6], as: UTF8.self)), length > 0, raw.count >= 6 + length
        else { return nil }
        let segment = Array(raw[6..<(6 + length)])
        guard let message = try? HJ212Message(dataSegment: segment, options: .all), let mn = message.mn,
            StationInput.isValidMN(mn)
        else { return nil }
        return mn
    }
}

/// Readings of a packet normalised ahead of its transaction, and the station time zone they assumed.
struct PreparedReadings: Sendable {
    /// The IANA time zone the DataTime was read in.
    var timeZone: String
    /// The readings, or why the upload has none.
    var readings: Result<[ReadingInput], IngestRefusal>
}
