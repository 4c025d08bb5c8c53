import Foundation

/// Turns the bytes of one data segment into an `HJ212Message`, applying the strict rules and the enabled leniencies.
enum HJ212SegmentParser {
    /// The envelope facts that come from framing rather than from the segment itself.
    struct Envelope {
        /// The check value as sent.
        let crc: UInt16
        /// The algorithm it matched.
        let algorithm: HJ212CRC.Algorithm
        /// Leniencies the framing needed.
        let leniencies: HJ212Options
    }

    /// Header and CP positions found in a segment.
    private struct Layout {
        var header = HeaderSpans()
        var extras: [HJ212FieldSpan] = []
        var dataArea: Range<Int> = 0..<0
        var fields: ContiguousArray<HJ212FieldSpan> = []
        var command = 0
        var flag: HJ212Flag?
        var packetCount: Int?
        var packetNumber: Int?
        var version: HJ212Version = .hj2005
        var used: HJ212Options = []
    }

    /// Where each header value is; fixed storage so parsing a header allocates nothing.
    private struct HeaderSpans {
        var qn, st, cn, pw, mn, flag, pnum, pno, cp: HJ212ByteSpan?

        subscript(key: HJ212HeaderKey) -> HJ212ByteSpan? {
            get {
                switch key {
                case .qn: return qn
                case .st: return st
                case .cn: return cn
                case .pw: return pw
                case .mn: return mn
                case .flag: return flag
                case .pnum: return pnum
                case .pno: return pno
                case .cp: return cp
                }
            }
            set {
                switch key {
                case .qn: qn = newValue
                case .st: st = newValue
                case .cn: cn = newValue
                case .pw: pw = newValue
                case .mn: mn = newValue
                case .flag: flag = newValue
                case .pnum: pnum = newValue
                case .pno: pno = newValue
                case .cp: cp = newValue
                }
            }
        }
    }

    private static let semicolon = UInt8(ascii: ";")
    private static let comma = UInt8(ascii: ",")
    private static let equals = UInt8(ascii: "=")
    private static let space = UInt8(ascii: " ")
    private static let slash = UInt8(ascii: "/")
    private static let ampersand = UInt8(ascii: "&")

    /// Largest segment any frame can declare (four decimal digits).
    static let absoluteMaximumLength = 9999

    /// Parses `segment`; throws the first rule it breaks.
    static func parse(_ segment: [UInt8], options: HJ212Options, envelope: Envelope) throws(HJ212Refusal)
        -> HJ212Message
    {
        let outcome: Result<Layout, HJ212Refusal> = segment.withUnsafeBufferPointer { bytes in
            Result { () throws(HJ212Refusal) -> Layout in try layOut(bytes, options: options) }
                .mapError { $0.withRaw(bytes) }
        }
        let layout = try outcome.get()
        // Both are present after a successful layout; the guard only satisfies the type system.
        guard let st = layout.header[.st], let cn = layout.header[.cn] else {
            throw HJ212Refusal(.missingField, "ST or CN is missing", raw: segment)
        }
        let dataArea = HJ212DataArea(storage: segment, bounds: layout.dataArea, spans: layout.fields)
        return HJ212Message(
            dataSegment: segment,
            qnSpan: layout.header[.qn],
            stSpan: st,
            cnSpan: cn,
            pwSpan: layout.header[.pw],
            mnSpan: layout.header[.mn],
            extraSpans: layout.extras,
            command: layout.command,
            flag: layout.flag,
            packetCount: layout.packetCount,
            packetNumber: layout.packetNumber,
            dataArea: dataArea,
            version: layout.version,
            leniencies: layout.used.union(envelope.leniencies),
            crc: envelope.crc,
            crcAlgorithm: envelope.algorithm
        )
    }

    // MARK: - Header

    private static func layOut(_ bytes: UnsafeBufferPointer<UInt8>, options: HJ212Options) throws(HJ212Refusal)
        -> Layout
    {
        let count = bytes.count
        guard count <= absoluteMaximumLength else {
            throw HJ212Refusal(.lengthOverLimit, "data segment of \(count) bytes cannot be framed (limit 9999)")
        }
        var layout = Layout()
        if count > HJ212FrameDecoder.standardMaximumLength {
            guard options.contains(.oversize) else {
                throw HJ212Refusal(.lengthOverLimit, "data segment of \(count) bytes exceeds 1024")
            }
            layout.used.insert(.oversize)
        }
        let commaSeparates = options.contains(.strayComma)
        let trimSpaces = options.contains(.strayWhitespace)
        var cpStart: (key: Int, value: Int)?
        var index = 0

        while index < count {
            let itemStart = index
            var keyStart = index
            if trimSpaces { keyStart = skipSpaces(bytes, from: keyStart, to: count) }
            if keyStart < count, bytes[keyStart] == semicolon || bytes[keyStart] == comma {
                guard commaSeparates else {
                    throw HJ212Refusal(.badField, "empty header item at byte \(itemStart)")
                }
                layout.used.insert(.strayComma)
                index = keyStart + 1
                continue
            }
            var equalsAt = keyStart
            while equalsAt < count, bytes[equalsAt] != equals, bytes[equalsAt] != semicolon {
                equalsAt += 1
            }
            guard equalsAt < count, bytes[equalsAt] == equals else {
                throw HJ212Refusal(.badField, "header item \"\(text(bytes, itemStart..<equalsAt))\" has no '='")
            }
            var keyEnd = equalsAt
            if trimSpaces { keyEnd = trimTrailingSpaces(bytes, from: keyStart, to: keyEnd) }
            if trimSpaces, keyStart != itemStart || keyEnd != equalsAt { layout.used.insert(.strayWhitespace) }
            let keyBytes = UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])
            guard let match = HJ212HeaderKey.identify(keyBytes, allowingOtherCase: options.contains(.keyCase)) else {
                let keyText = text(bytes, keyStart..<keyEnd)
                guard options.contains(.unknownHeaderField) else {
                    throw HJ212Refusal(
                        .unknownField, "header key \"\(keyText)\" is not defined by HJ 212", field: keyText)
                }
                layout.used.insert(.unknownHeaderField)
                let valueEnd = endOfHeaderValue(bytes, from: equalsAt + 1, commaSeparates: commaSeparates)
                layout.extras.append(
                    HJ212FieldSpan(
                        name: HJ212ByteSpan(keyStart, keyEnd), value: HJ212ByteSpan(equalsAt + 1, valueEnd), item: 0))
                if valueEnd < count, bytes[valueEnd] == comma { layout.used.insert(.strayComma) }
                index = valueEnd + 1
                continue
            }
            let key = match.key
            if !match.caseMatched { layout.used.insert(.keyCase) }
            if key == .cp {
                cpStart = (keyStart, equalsAt + 1)
                break
            }
            let rawEnd = endOfHeaderValue(bytes, from: equalsAt + 1, commaSeparates: commaSeparates)
            var valueStart = equalsAt + 1
            var valueEnd = rawEnd
            if trimSpaces {
                valueStart = skipSpaces(bytes, from: valueStart, to: rawEnd)
                valueEnd = trimTrailingSpaces(bytes, from: valueStart, to: rawEnd)
                if valueStart != equalsAt + 1 || valueEnd != rawEnd { layout.used.insert(.strayWhitespace) }
            }
            guard layout.header[key] == nil else {
                throw HJ212Refusal(
                    .duplicateField, "header key \(key.spelling) occurs more than once", field: key.spelling)
            }
            layout.header[key] = HJ212ByteSpan(valueStart, valueEnd)
            if rawEnd < count, bytes[rawEnd] == comma { layout.used.insert(.strayComma) }
            index = rawEnd + 1
        }

        guard let cpStart else {
            throw HJ212Refusal(.missingField, "the data segment has no CP=&&…&& part", field: "CP")
        }
        // The header is checked first so the version (which sets the CP limit) is known.
        try validateHeader(bytes, layout: &layout, options: options)
        try layOutDataArea(bytes, cpKeyStart: cpStart.key, valueStart: cpStart.value, layout: &layout, options: options)
        return layout
    }

    private static func endOfHeaderValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, commaSeparates: Bool)
        -> Int
    {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == semicolon || (commaSeparates && byte == comma) { break }
            index += 1
        }
        return index
    }

    private static func validateHeader(_ bytes: UnsafeBufferPointer<UInt8>, layout: inout Layout, options: HJ212Options)
        throws(HJ212Refusal)
    {
        func span(_ key: HJ212HeaderKey) -> UnsafeBufferPointer<UInt8>? {
            layout.header[key].map { UnsafeBufferPointer(rebasing: bytes[$0.range]) }
        }
        func refuse(_ key: HJ212HeaderKey, _ why: String) -> HJ212Refusal {
            HJ212Refusal(.badField, "\(key.spelling) \(why)", field: key.spelling)
        }

        if let flagBytes = span(.flag) {
            guard let value = digitsValue(flagBytes, maximumDigits: 3), value <= 255 else {
                throw refuse(.flag, "must be an integer 0…255")
            }
            let flag = HJ212Flag(rawValue: UInt8(value))
            layout.flag = flag
            layout.version = flag.version
        }
        if let qn = span(.qn) {
            guard qn.count > 0, qn.allSatisfy(isDigit) else { throw refuse(.qn, "must be digits") }
            if qn.count != 17 {
                guard options.contains(.nonStandardQN), qn.count <= 64 else {
                    throw refuse(.qn, "must be 17 digits (YYYYMMDDhhmmsszzz), got \(qn.count)")
                }
                layout.used.insert(.nonStandardQN)
            }
        }
        if let st = span(.st) {
            let standardShape = st.count == 2 && st.allSatisfy { isDigit($0) || isUpperLetter($0) }
            if !standardShape {
                let looseShape =
                    (1...8).contains(st.count)
                    && st.allSatisfy { isDigit($0) || isUpperLetter($0) || isLowerLetter($0) }
                guard options.contains(.nonStandardST), looseShape else {
                    throw refuse(.st, "must be 2 characters of 0-9/A-Z")
                }
                layout.used.insert(.nonStandardST)
            }
        }
        if let cn = span(.cn) {
            guard cn.count == 4, let value = digitsValue(cn, maximumDigits: 4) else {
                throw refuse(.cn, "must be 4 digits")
            }
            layout.command = value
        }
        if let value = span(.pw), !isOpaqueHeaderValue(value) {
            throw refuse(.pw, "must be 1…64 printable ASCII characters without ; , =")
        }
        if let value = span(.mn), !isOpaqueHeaderValue(value) {
            throw refuse(.mn, "must be 1…64 printable ASCII characters without ; , =")
        }
        if let pnum = span(.pnum) {
            guard let value = digitsValue(pnum, maximumDigits: 4), value >= 1 else {
                throw refuse(.pnum, "must be 1…9999")
            }
            layout.packetCount = value
        }
        if let pno = span(.pno) {
            guard let value = digitsValue(pno, maximumDigits: 4), value >= 1 else {
                throw refuse(.pno, "must be 1…9999")
            }
            layout.packetNumber = value
        }
        if let total = layout.packetCount, let number = layout.packetNumber, number > total {
            throw refuse(.pno, "\(number) is greater than PNUM \(total)")
        }

        let modern = layout.version != .hj2005
        // The 2005 data answer is the one packet that carries neither PW nor MN.
        let needsCredentials = modern || layout.command != 9014
        for key in HJ212HeaderKey.allCases where layout.header[key] == nil {
            let required: Bool
            switch key {
            case .st, .cn: required = true
            case .qn: required = modern
            case .pw, .mn: required = needsCredentials
            case .flag, .pnum, .pno, .cp: required = false
            }
            if required {
                throw HJ212Refusal(
                    .missingField, "required header key \(key.spelling) is missing (\(layout.version))",
                    field: key.spelling)
            }
        }
        if (layout.packetCount == nil) != (layout.packetNumber == nil) {
            let absent = layout.packetCount == nil ? HJ212HeaderKey.pnum : .pno
            throw HJ212Refusal(
                .missingField, "PNUM and PNO must come together; \(absent.spelling) is missing", field: absent.spelling)
        }
        // The 2005 standard itself sends Flag=3 (D set) on requests that carry no PNUM/PNO, so a bare D bit
        // is only a mismatch from 2017 on; PNUM/PNO without the D bit is a mismatch in every dialect.
        let flaggedSplit = layout.flag?.split ?? false
        let hasPositions = layout.packetCount != nil
        let mismatch = hasPositions ? !flaggedSplit : (flaggedSplit && layout.version != .hj2005)
        if mismatch {
            guard options.contains(.splitMismatch) else {
                let why =
                    flaggedSplit
                    ? "Flag has the D bit set but PNUM/PNO are absent"
                    : "PNUM/PNO are present but the Flag D bit is not set"
                throw HJ212Refusal(.splitMismatch, why, field: "Flag")
            }
            layout.used.insert(.splitMismatch)
        }
    }

    // MARK: - CP

    private static func layOutDataArea(
        _ bytes: UnsafeBufferPointer<UInt8>, cpKeyStart: Int, valueStart: Int, layout: inout Layout,
        options: HJ212Options
    ) throws(HJ212Refusal) {
        let count = bytes.count
        guard count - valueStart >= 4,
            bytes[valueStart] == ampersand, bytes[valueStart + 1] == ampersand
        else {
            throw HJ212Refusal(.badCP, "CP must start with && right after CP=", field: "CP")
        }
        guard bytes[count - 1] == ampersand, bytes[count - 2] == ampersand else {
            throw HJ212Refusal(
                .badCP, "CP must be the last key and end with && at the end of the data segment", field: "CP")
        }
        let cpLength = count - cpKeyStart
        let cpLimit = layout.version == .hj2005 ? 960 : 950
        if cpLength > cpLimit {
            guard options.contains(.oversize) else {
                throw HJ212Refusal(.cpOverLimit, "CP part of \(cpLength) bytes exceeds \(cpLimit)", field: "CP")
            }
            layout.used.insert(.oversize)
        }
        let areaStart = valueStart + 2
        let areaEnd = count - 2
        layout.dataArea = areaStart..<areaEnd
        layout.fields = try scanFields(bytes, from: areaStart, to: areaEnd)
    }

    /// How the CP scanner treats each byte value outside `//…//` text.
    private enum ByteClass: UInt8 {
        case plain, separator, equals, control, nonASCII
    }

    // One table load per byte replaces a chain of comparisons in the hottest loop of the decoder.
    private static let byteClasses: [UInt8] = (0..<256).map { value -> UInt8 in
        let byte = UInt8(value)
        let kind: ByteClass
        switch byte {
        case semicolon, comma: kind = .separator
        case equals: kind = .equals
        case 0x80...: kind = .nonASCII
        case ..<0x20, 0x7F: kind = .control
        default: kind = .plain
        }
        return kind.rawValue
    }

    /// Splits a data area into fields: `;` between items, `,` between fields of an item, `//…//` text kept whole.
    static func scanFields(_ bytes: UnsafeBufferPointer<UInt8>, from areaStart: Int, to areaEnd: Int)
        throws(HJ212Refusal) -> ContiguousArray<HJ212FieldSpan>
    {
        try byteClasses.withUnsafeBufferPointer { classes throws(HJ212Refusal) in
            try scanFields(bytes, from: areaStart, to: areaEnd, classes: classes)
        }
    }

    private static func scanFields(
        _ bytes: UnsafeBufferPointer<UInt8>, from areaStart: Int, to areaEnd: Int, classes: UnsafeBufferPointer<UInt8>
    ) throws(HJ212Refusal) -> ContiguousArray<HJ212FieldSpan> {
        var fields = ContiguousArray<HJ212FieldSpan>()
        fields.reserveCapacity((areaEnd - areaStart) / 12 + 2)
        var item: UInt16 = 0
        var itemHasFields = false
        var index = areaStart
        while index < areaEnd {
            let byte = bytes[index]
            if byte == space { index += 1; continue }
            if byte == semicolon {
                if itemHasFields { item += 1; itemHasFields = false }
                index += 1
                continue
            }
            if byte == comma { index += 1; continue }

            let nameStart = index
            nameScan: while index < areaEnd {
                switch ByteClass(rawValue: classes[Int(bytes[index])]) {
                case .plain:
                    index += 1
                case .equals:
                    break nameScan
                case .separator:
                    throw HJ212Refusal(.badCP, "CP field \"\(text(bytes, nameStart..<index))\" has no '='", field: "CP")
                case .nonASCII:
                    throw HJ212Refusal(.badEncoding, "CP field name contains non-ASCII bytes", field: "CP")
                case .control, .none:
                    throw HJ212Refusal(.badCP, "CP field name contains a control character", field: "CP")
                }
            }
            guard index < areaEnd else {
                throw HJ212Refusal(.badCP, "CP field \"\(text(bytes, nameStart..<index))\" has no '='", field: "CP")
            }
            let nameEnd = trimTrailingSpaces(bytes, from: nameStart, to: index)
            guard nameEnd > nameStart else {
                throw HJ212Refusal(.badCP, "CP field with an empty name", field: "CP")
            }
            index += 1
            let valueStart = index
            let valueEnd: Int
            if index + 1 < areaEnd, bytes[index] == slash, bytes[index + 1] == slash {
                guard let closing = closingTextMark(bytes, from: index + 2, to: areaEnd) else {
                    throw HJ212Refusal(
                        .badCP,
                        "text value of \(text(bytes, nameStart..<nameEnd)) has no closing // before a separator",
                        field: text(bytes, nameStart..<nameEnd))
                }
                valueEnd = closing + 2
                guard isValidUTF8(UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])) else {
                    throw HJ212Refusal(
                        .badEncoding, "text value of \(text(bytes, nameStart..<nameEnd)) is not valid UTF-8",
                        field: text(bytes, nameStart..<nameEnd))
                }
            } else {
                valueScan: while index < areaEnd {
                    switch ByteClass(rawValue: classes[Int(bytes[index])]) {
                    case .plain, .equals:
                        index += 1
                    case .separator:
                        break valueScan
                    case .nonASCII:
                        throw HJ212Refusal(
                            .badEncoding,
                            "value of \(text(bytes, nameStart..<nameEnd)) has non-ASCII bytes outside //…//",
                            field: text(bytes, nameStart..<nameEnd))
                    case .control, .none:
                        throw HJ212Refusal(
                            .badCP, "value of \(text(bytes, nameStart..<nameEnd)) contains a control character",
                            field: text(bytes, nameStart..<nameEnd))
                    }
                }
                valueEnd = index
            }
            fields.append(
                HJ212FieldSpan(
                    name: HJ212ByteSpan(nameStart, nameEnd), value: HJ212ByteSpan(valueStart, valueEnd), item: item))
            itemHasFields = true
            index = valueEnd
        }
        return fields
    }

    /// The offset of the `//` that closes a text value: the first one followed (after spaces) by a separator or the end.
    private static func closingTextMark(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index + 1 < end {
            if bytes[index] == slash, bytes[index + 1] == slash {
                let after = skipSpaces(bytes, from: index + 2, to: end)
                if after == end || bytes[after] == semicolon || bytes[after] == comma { return index }
            }
            index += 1
        }
        return nil
    }

    // MARK: - Byte helpers

    private static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end, bytes[index] == space { index += 1 }
        return index
    }

    private static func trimTrailingSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = end
        while index > start, bytes[index - 1] == space { index -= 1 }
        return index
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isUpperLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
    }

    private static func isLowerLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    private static func isOpaqueHeaderValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        (1...64).contains(bytes.count)
            && bytes.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && byte != semicolon && byte != comma && byte != equals
            }
    }

    private static func digitsValue(_ bytes: UnsafeBufferPointer<UInt8>, maximumDigits: Int) -> Int? {
        guard (1...maximumDigits).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(
            decoding: UnsafeBufferPointer(rebasing: bytes[range.clamped(to: 0..<bytes.count)].prefix(64)), as: UTF8.self
        )
    }

    /// Strict UTF-8 check (no overlong forms, no surrogates, nothing above U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lowest: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; highest = 0x9F
            case 0xF0: length = 4; lowest = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; highest = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= lowest, second <= highest else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return false
            }
            index += length
        }
        return true
    }
}
