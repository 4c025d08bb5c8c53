import Foundation

/// One complete frame cut from the byte stream: its data segment and how its envelope checked out.
public struct HJ212Frame: Sendable, Equatable {
    /// The data segment bytes (between `##LLLL` and the CRC).
    public let dataSegment: [UInt8]
    /// The length the sender declared in `LLLL`.
    public let declaredLength: Int
    /// The check value as sent.
    public let crc: UInt16
    /// Which CRC algorithm the check value matched.
    public let crcAlgorithm: HJ212CRC.Algorithm
    /// The leniencies the envelope needed (CRC flavour, tail, length).
    public let leniencies: HJ212Options

    /// Creates a frame record.
    public init(
        dataSegment: [UInt8], declaredLength: Int, crc: UInt16, crcAlgorithm: HJ212CRC.Algorithm,
        leniencies: HJ212Options
    ) {
        self.dataSegment = dataSegment
        self.declaredLength = declaredLength
        self.crc = crc
        self.crcAlgorithm = crcAlgorithm
        self.leniencies = leniencies
    }
}
