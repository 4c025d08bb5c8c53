import Foundation

extension HJ212Message {
    /// Builds a packet from field values (for replies, a simulator or a CLI), validated like a received one.
    ///
    /// The header is written in the standard order: 2017 and later `QN ST CN PW MN Flag PNUM PNO CP`;
    /// the 2005 dialect (Flag absent or version 0) puts PNUM/PNO after QN. `validation` lists the
    /// leniencies allowed when checking the result (strict by default).
    public init(
        qn: String?, st: String, cn: String, pw: String?, mn: String?, flag: HJ212Flag?, packetCount: Int? = nil,
        packetNumber: Int? = nil, dataArea: HJ212DataArea = HJ212DataArea(), validation: HJ212Options = []
    ) throws(HJ212Refusal) {
        var header: [(String, String)] = []
        let split: [(String, String)] = [
            packetCount.map { ("PNUM", String($0)) }, packetNumber.map { ("PNO", String($0)) },
        ].compactMap { $0 }
        let legacyOrder = flag.map { $0.version == .hj2005 } ?? true
        if let qn { header.append(("QN", qn)) }
        if legacyOrder { header += split }
        header.append(("ST", st))
        header.append(("CN", cn))
        if let pw { header.append(("PW", pw)) }
        if let mn { header.append(("MN", mn)) }
        if let flag { header.append(("Flag", String(flag.rawValue))) }
        if !legacyOrder { header += split }
        var segment: [UInt8] = []
        for (key, value) in header {
            // A separator inside a value would silently create another header item.
            guard !value.utf8.contains(where: { $0 == UInt8(ascii: ";") }) else {
                throw HJ212Refusal(.badField, "\(key) must not contain ';'", field: key)
            }
            segment.append(contentsOf: key.utf8)
            segment.append(UInt8(ascii: "="))
            segment.append(contentsOf: value.utf8)
            segment.append(UInt8(ascii: ";"))
        }
        segment.append(contentsOf: "CP=&&".utf8)
        dataArea.storage.withUnsafeBufferPointer {
            segment.append(contentsOf: UnsafeBufferPointer(rebasing: $0[dataArea.bounds]))
        }
        segment.append(contentsOf: "&&".utf8)
        try self.init(dataSegment: segment, options: validation)
    }
}
