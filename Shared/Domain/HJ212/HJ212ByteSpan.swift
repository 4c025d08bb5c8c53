import Foundation

/// Half-open byte offsets into a data segment; 16 bits suffice because a segment is at most 9999 bytes.
struct HJ212ByteSpan: Sendable, Hashable {
    /// First byte offset.
    let start: UInt16
    /// One past the last byte offset.
    let end: UInt16

    /// Creates a span from integer offsets already known to be below 65536.
    init(_ start: Int, _ end: Int) {
        self.start = UInt16(truncatingIfNeeded: start)
        self.end = UInt16(truncatingIfNeeded: end)
    }

    /// The span as an integer range.
    var range: Range<Int> {
        Int(start)..<Int(end)
    }

    /// The number of bytes covered.
    var count: Int {
        Int(end) - Int(start)
    }
}
