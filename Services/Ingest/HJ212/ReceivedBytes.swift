/// A mirror of the bytes given to the decoder, so each packet can be kept exactly as received.
struct ReceivedBytes {
    private var bytes: [UInt8] = []
    private var start = 0

    /// Makes an empty mirror.
    init() {}

    /// Adds bytes as they arrive.
    mutating func append(_ more: [UInt8]) {
        if start > 0, start * 2 > bytes.count {
            bytes.removeSubrange(0..<start)
            start = 0
        }
        bytes.append(contentsOf: more)
    }

    /// Removes and returns the next `count` bytes.
    mutating func take(_ count: Int) -> [UInt8] {
        let end = min(start + max(count, 0), bytes.count)
        let result = Array(bytes[start..<end])
        start = end
        return result
    }

    /// Drops bytes from the front until `remaining` are left (the decoder may skip bytes without a result).
    mutating func keepLast(_ remaining: Int) {
        let available = bytes.count - start
        if available > remaining { start += available - remaining }
    }

    /// The bytes not yet taken.
    var remaining: [UInt8] {
        Array(bytes[start...])
    }
}
