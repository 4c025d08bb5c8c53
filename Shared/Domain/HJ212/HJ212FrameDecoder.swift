import Foundation

/// Incremental, pure HJ 212 stream framer: append bytes as they arrive, then pull frames or refusals.
///
/// Frames are `##` + 4-digit length + data segment + 4 hex CRC + CR LF. Garbage is skipped up to the
/// next `##`; a partial frame waits for more bytes; one chunk may hold several frames.
public struct HJ212FrameDecoder: Sendable {
    /// The leniencies this decoder applies (strict when empty).
    public let options: HJ212Options

    private var buffer: [UInt8] = []
    private var start = 0
    // Set after a frame was accepted without its tail at the very end of the buffer, so a CR/LF that
    // arrives late in the next chunk is recognised as that frame's tail rather than as garbage.
    private var pendingLateTail = false

    /// Largest data segment the standard allows.
    public static let standardMaximumLength = 1024
    private static let hash = UInt8(ascii: "#")
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A
    private static let ampersand = UInt8(ascii: "&")

    /// Creates an empty decoder.
    public init(options: HJ212Options = []) {
        self.options = options
    }

    /// Bytes received but not yet turned into frames or refusals.
    public var bufferedByteCount: Int {
        buffer.count - start
    }

    /// Adds received bytes to the end of the internal buffer.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Drops everything buffered, for example after the connection was reset.
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        pendingLateTail = false
    }

    /// The next complete frame or refusal, or nil when more bytes are needed.
    public mutating func nextFrame() -> Result<HJ212Frame, HJ212Refusal>? {
        while true {
            let step = buffer.withUnsafeBufferPointer { examine($0) }
            switch step {
            case .wait:
                return nil
            case .discardQuietly(let end):
                start = end
                pendingLateTail = false
            case .refuse(let end, let reason, let message):
                let refusal = HJ212Refusal(reason, message, raw: buffer[start..<end])
                start = end
                pendingLateTail = false
                return .failure(refusal)
            case .accept(let found):
                let segment = buffer.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[found.segment])) }
                start = found.end
                pendingLateTail = found.endsAtBufferEnd
                return .success(
                    HJ212Frame(
                        dataSegment: segment, declaredLength: found.declaredLength, crc: found.crc,
                        crcAlgorithm: found.algorithm, leniencies: found.leniencies))
            }
        }
    }

    /// The next decoded message or refusal (framing and data segment), or nil when more bytes are needed.
    public mutating func nextMessage() -> Result<HJ212Message, HJ212Refusal>? {
        guard let framed = nextFrame() else { return nil }
        switch framed {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let frame):
            let options = options
            return Result { () throws(HJ212Refusal) -> HJ212Message in try HJ212Message(frame: frame, options: options)
            }
        }
    }

    /// Appends a chunk and returns every message or refusal it completed, in stream order.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [Result<HJ212Message, HJ212Refusal>]
    where Bytes.Element == UInt8 {
        append(bytes)
        var results: [Result<HJ212Message, HJ212Refusal>] = []
        while let next = nextMessage() {
            results.append(next)
        }
        return results
    }

    // MARK: - Scanning

    private struct FoundFrame {
        let segment: Range<Int>
        let end: Int
        let declaredLength: Int
        let crc: UInt16
        let algorithm: HJ212CRC.Algorithm
        let leniencies: HJ212Options
        let endsAtBufferEnd: Bool
    }

    private enum Step {
        case wait
        case discardQuietly(end: Int)
        case refuse(end: Int, HJ212RefusalReason, String)
        case accept(FoundFrame)
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096 || (start > 0 && start * 2 > buffer.count) {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    private func examine(_ bytes: UnsafeBufferPointer<UInt8>) -> Step {
        let count = bytes.count
        let frameStart = start
        guard frameStart < count else { return .wait }

        if pendingLateTail {
            switch bytes[frameStart] {
            case Self.lineFeed:
                return .discardQuietly(end: frameStart + 1)
            case Self.carriageReturn:
                if frameStart + 1 == count { return .wait }
                return .discardQuietly(end: bytes[frameStart + 1] == Self.lineFeed ? frameStart + 2 : frameStart + 1)
            default:
                break
            }
        }

        if bytes[frameStart] != Self.hash || (frameStart + 1 < count && bytes[frameStart + 1] != Self.hash) {
            let resume = resynchronisationPoint(bytes, after: frameStart)
            if resume == frameStart { return .wait }
            return .refuse(end: resume, .badHeader, "skipped \(resume - frameStart) byte(s) that do not start with ##")
        }
        guard frameStart + 1 < count else { return .wait }

        var declaredLength = 0
        for offset in 2..<6 {
            let index = frameStart + offset
            guard index < count else { return .wait }
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return .refuse(
                    end: resynchronisationPoint(bytes, after: frameStart), .badLength,
                    "the 4 characters after ## are not a decimal length")
            }
            declaredLength = declaredLength * 10 + Int(byte - UInt8(ascii: "0"))
        }

        var leniencies: HJ212Options = []
        if declaredLength > Self.standardMaximumLength {
            guard options.contains(.oversize) else {
                if let found = scanForEnding(bytes, frameStart: frameStart, declaredLength: declaredLength) {
                    return .accept(found)
                }
                return .refuse(
                    end: resynchronisationPoint(bytes, after: frameStart), .lengthOverLimit,
                    "declared data length \(declaredLength) exceeds 1024")
            }
            leniencies.insert(.oversize)
        }

        let segmentStart = frameStart + 6
        let crcStart = segmentStart + declaredLength
        let tailStart = crcStart + 4

        guard count >= tailStart else {
            if let found = scanForEnding(bytes, frameStart: frameStart, declaredLength: declaredLength) {
                return .accept(found)
            }
            return .wait
        }

        guard let sentCRC = HJ212CRC.parseHex(UnsafeBufferPointer(rebasing: bytes[crcStart..<tailStart])) else {
            if let found = scanForEnding(bytes, frameStart: frameStart, declaredLength: declaredLength) {
                return .accept(found)
            }
            return .refuse(
                end: resynchronisationPoint(bytes, after: frameStart), .badCRC,
                "the 4 characters after the data segment are not hex digits")
        }
        let segment = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[segmentStart..<crcStart]))
        guard let algorithm = matchingAlgorithm(segment, sentCRC) else {
            if let found = scanForEnding(bytes, frameStart: frameStart, declaredLength: declaredLength) {
                return .accept(found)
            }
            let expected = HJ212CRC.hexDigits(HJ212CRC.checksum(buffer: segment))
            return .refuse(
                end: resynchronisationPoint(bytes, after: frameStart), .badCRC,
                "CRC \(HJ212CRC.hexDigits(sentCRC)) does not match the data segment (expected \(expected))")
        }
        if algorithm == .modbus { leniencies.insert(.modbusCRC) }

        func accepted(end: Int, extra: HJ212Options) -> Step {
            .accept(
                FoundFrame(
                    segment: segmentStart..<crcStart, end: end, declaredLength: declaredLength, crc: sentCRC,
                    algorithm: algorithm, leniencies: leniencies.union(extra),
                    endsAtBufferEnd: end == count && extra.contains(.missingTail)))
        }

        if count == tailStart {
            return options.contains(.missingTail) ? accepted(end: tailStart, extra: .missingTail) : .wait
        }
        let first = bytes[tailStart]
        if first == Self.carriageReturn {
            if tailStart + 1 == count { return .wait }
            if bytes[tailStart + 1] == Self.lineFeed { return accepted(end: tailStart + 2, extra: []) }
        } else if first == Self.lineFeed, options.contains(.lfOnlyTail) {
            return accepted(end: tailStart + 1, extra: .lfOnlyTail)
        }
        if options.contains(.missingTail) {
            return accepted(end: tailStart, extra: .missingTail)
        }
        if let found = scanForEnding(bytes, frameStart: frameStart, declaredLength: declaredLength) {
            return .accept(found)
        }
        return .refuse(
            end: resynchronisationPoint(bytes, after: frameStart), .badTail,
            "the frame does not end in CR LF after the CRC")
    }

    private func matchingAlgorithm(_ segment: UnsafeRawBufferPointer, _ sent: UInt16) -> HJ212CRC.Algorithm? {
        if HJ212CRC.checksum(buffer: segment, algorithm: .standard) == sent { return .standard }
        if options.contains(.modbusCRC), HJ212CRC.checksum(buffer: segment, algorithm: .modbus) == sent {
            return .modbus
        }
        return nil
    }

    /// Where scanning resumes after refusing bytes at `position`: the next `##`, or a trailing `#` that may begin one.
    private func resynchronisationPoint(_ bytes: UnsafeBufferPointer<UInt8>, after position: Int) -> Int {
        let count = bytes.count
        var index = position + 1
        while index + 1 < count {
            if bytes[index] == Self.hash, bytes[index + 1] == Self.hash { return index }
            index += 1
        }
        if count > position + 1, bytes[count - 1] == Self.hash { return count - 1 }
        return count
    }

    /// With `.lengthMismatch`, looks for the first `&&CCCC` CR LF ending whose CRC covers the bytes before it.
    private func scanForEnding(_ bytes: UnsafeBufferPointer<UInt8>, frameStart: Int, declaredLength: Int) -> FoundFrame?
    {
        guard options.contains(.lengthMismatch) else { return nil }
        let segmentStart = frameStart + 6
        let maximumLength = options.contains(.oversize) ? 9999 : Self.standardMaximumLength
        let limit = min(bytes.count, segmentStart + maximumLength + 6)
        var index = segmentStart + 6
        while index < limit {
            defer { index += 1 }
            guard bytes[index] == Self.lineFeed else { continue }
            var extra: HJ212Options = .lengthMismatch
            let crcEnd: Int
            if bytes[index - 1] == Self.carriageReturn {
                crcEnd = index - 1
            } else if options.contains(.lfOnlyTail) {
                crcEnd = index
                extra.insert(.lfOnlyTail)
            } else {
                continue
            }
            let crcStart = crcEnd - 4
            let segmentLength = crcStart - segmentStart
            guard segmentLength >= 2, segmentLength != declaredLength,
                bytes[crcStart - 1] == Self.ampersand, bytes[crcStart - 2] == Self.ampersand,
                let sent = HJ212CRC.parseHex(UnsafeBufferPointer(rebasing: bytes[crcStart..<crcEnd]))
            else { continue }
            let segment = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[segmentStart..<crcStart]))
            guard let algorithm = matchingAlgorithm(segment, sent) else { continue }
            if algorithm == .modbus { extra.insert(.modbusCRC) }
            if segmentLength > Self.standardMaximumLength { extra.insert(.oversize) }
            return FoundFrame(
                segment: segmentStart..<crcStart, end: index + 1, declaredLength: declaredLength, crc: sent,
                algorithm: algorithm, leniencies: extra, endsAtBufferEnd: false)
        }
        return nil
    }
}
