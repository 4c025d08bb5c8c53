import Foundation

/// One decoded (or built) HJ 212 packet: header fields by key, the CP data area, and how it was accepted.
///
/// Values are kept as the exact bytes of the data segment; the text and typed accessors read them lazily.
public struct HJ212Message: Sendable, Equatable {
    /// The data segment exactly as on the wire (what the CRC covers).
    public let dataSegment: [UInt8]
    /// Where QN's value is, if present.
    let qnSpan: HJ212ByteSpan?
    /// Where ST's value is.
    let stSpan: HJ212ByteSpan
    /// Where CN's value is.
    let cnSpan: HJ212ByteSpan
    /// Where PW's value is, if present.
    let pwSpan: HJ212ByteSpan?
    /// Where MN's value is, if present.
    let mnSpan: HJ212ByteSpan?
    /// Unknown header keys kept under `.unknownHeaderField`.
    let extraSpans: [HJ212FieldSpan]
    /// CN as a number, for example 2011.
    public let command: Int
    /// The Flag header, or nil when the packet has none (common in 2005 traffic).
    public let flag: HJ212Flag?
    /// PNUM: how many parts a split upload has, when present.
    public let packetCount: Int?
    /// PNO: which part (1-based) this packet is, when present.
    public let packetNumber: Int?
    /// The CP data area.
    public let dataArea: HJ212DataArea
    /// The edition the Flag version bits name; 2005 when Flag is absent.
    public let version: HJ212Version
    /// The leniencies that were needed to accept this packet (empty when it is fully conforming).
    public let leniencies: HJ212Options
    /// The check value as received, or as computed for a built packet.
    public let crc: UInt16
    /// The CRC algorithm the check value matched.
    public let crcAlgorithm: HJ212CRC.Algorithm

    /// Assembles a message from parser results.
    init(
        dataSegment: [UInt8], qnSpan: HJ212ByteSpan?, stSpan: HJ212ByteSpan, cnSpan: HJ212ByteSpan,
        pwSpan: HJ212ByteSpan?, mnSpan: HJ212ByteSpan?, extraSpans: [HJ212FieldSpan], command: Int, flag: HJ212Flag?,
        packetCount: Int?, packetNumber: Int?, dataArea: HJ212DataArea, version: HJ212Version, leniencies: HJ212Options,
        crc: UInt16, crcAlgorithm: HJ212CRC.Algorithm
    ) {
        self.dataSegment = dataSegment
        self.qnSpan = qnSpan
        self.stSpan = stSpan
        self.cnSpan = cnSpan
        self.pwSpan = pwSpan
        self.mnSpan = mnSpan
        self.extraSpans = extraSpans
        self.command = command
        self.flag = flag
        self.packetCount = packetCount
        self.packetNumber = packetNumber
        self.dataArea = dataArea
        self.version = version
        self.leniencies = leniencies
        self.crc = crc
        self.crcAlgorithm = crcAlgorithm
    }

    // MARK: - Decoding

    /// Parses the data segment of a frame cut by `HJ212FrameDecoder`.
    public init(frame: HJ212Frame, options: HJ212Options = []) throws(HJ212Refusal) {
        let envelope = HJ212SegmentParser.Envelope(
            crc: frame.crc, algorithm: frame.crcAlgorithm, leniencies: frame.leniencies)
        self = try HJ212SegmentParser.parse(frame.dataSegment, options: options, envelope: envelope)
    }

    /// Parses a bare data segment (no `##LLLL`, CRC or tail); `crc` is set to its standard check value.
    public init(dataSegment: [UInt8], options: HJ212Options = []) throws(HJ212Refusal) {
        let envelope = HJ212SegmentParser.Envelope(
            crc: HJ212CRC.checksum(dataSegment), algorithm: .standard, leniencies: [])
        self = try HJ212SegmentParser.parse(dataSegment, options: options, envelope: envelope)
    }

    /// Decodes bytes that must hold exactly one complete frame (for a CLI or a test), refusing leftovers.
    public init(wireBytes: [UInt8], options: HJ212Options = []) throws(HJ212Refusal) {
        var decoder = HJ212FrameDecoder(options: options)
        decoder.append(wireBytes)
        guard let first = decoder.nextMessage() else {
            throw HJ212Refusal(.incompleteFrame, "the bytes end before the frame is complete", raw: wireBytes)
        }
        let message = try first.get()
        guard decoder.bufferedByteCount == 0 else {
            throw HJ212Refusal(.trailingBytes, "\(decoder.bufferedByteCount) byte(s) follow the frame", raw: wireBytes)
        }
        self = message
    }

    // MARK: - Header text

    /// QN (request id), as sent.
    public var qn: String? {
        qnSpan.map(dataSegment.hj212String)
    }

    /// ST (system code), as sent.
    public var st: String {
        dataSegment.hj212String(stSpan)
    }

    /// CN (command code), as sent.
    public var cn: String {
        dataSegment.hj212String(cnSpan)
    }

    /// PW (access password), as sent.
    public var pw: String? {
        pwSpan.map(dataSegment.hj212String)
    }

    /// MN (device id), as sent; treat it as opaque.
    public var mn: String? {
        mnSpan.map(dataSegment.hj212String)
    }

    /// Unknown header keys kept under `.unknownHeaderField`, in packet order.
    public var extraHeaderFields: [HJ212CPField] {
        extraSpans.map {
            HJ212CPField(name: dataSegment.hj212String($0.name), value: dataSegment.hj212String($0.value), item: 0)
        }
    }

    /// The whole data segment as text.
    public var text: String {
        String(decoding: dataSegment, as: UTF8.self)
    }

    // MARK: - Derived facts

    /// Flag bit A: the sender expects an answer (for uploads, a 9014 data answer).
    public var acknowledgementRequested: Bool {
        flag?.acknowledgementRequested ?? false
    }

    /// True when the packet is one part of a split upload: PNUM/PNO present, or (from 2017 on) the Flag D bit set.
    public var isSplit: Bool {
        // 2005 requests set D (Flag=3) without being split, so for 2005 only PNUM/PNO count.
        packetCount != nil || ((flag?.split ?? false) && version != .hj2005)
    }

    /// PNUM/PNO from the header, or from CP where some devices put them (and where 2005 data answers carry them).
    public var splitPosition: (number: Int, count: Int)? {
        if let packetNumber, let packetCount { return (packetNumber, packetCount) }
        guard let number = dataArea.value(of: "PNO").flatMap({ Int($0) }),
            let count = dataArea.value(of: "PNUM").flatMap({ Int($0) })
        else { return nil }
        return (number, count)
    }

    /// The request time encoded in QN, read as local time in `timeZone`.
    public func qnDate(timeZone: TimeZone = HJ212LocalTime.defaultTimeZone) -> Date? {
        qn.flatMap { HJ212LocalTime.date(from: $0, timeZone: timeZone) }
    }

    /// CP `DataTime`, read as local time in `timeZone` and returned as an absolute instant.
    public func dataTime(timeZone: TimeZone = HJ212LocalTime.defaultTimeZone) -> Date? {
        dataArea.dataTime(timeZone: timeZone)
    }

    /// Factor readings grouped by code; 2005 legacy codes are mapped to their 2017 codes in `standardCode`.
    public var readings: [HJ212FactorReading] {
        dataArea.readings(mappingLegacyCodesWith: version == .hj2005 ? .standard : nil)
    }

    /// CP `QnRtn` of a 9011 request answer.
    public var requestResult: HJ212RequestResult? {
        dataArea.value(of: "QnRtn").flatMap { Int($0) }.flatMap(HJ212RequestResult.init(rawValue:))
    }

    /// CP `ExeRtn` of a 9012 execution result.
    public var executionResult: HJ212ExecutionResult? {
        dataArea.value(of: "ExeRtn").flatMap { Int($0) }.flatMap(HJ212ExecutionResult.init(rawValue:))
    }

    // MARK: - Encoding

    /// Standard wire bytes (`##LLLL…CCCC` CR LF) for this packet.
    public func wireBytes(style: HJ212FrameStyle = .standard) -> [UInt8] {
        HJ212Encoder.encode(self, style: style)
    }
}
