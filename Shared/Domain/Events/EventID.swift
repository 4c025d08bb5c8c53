import Foundation
import Synchronization

/// Event ids: random (version 4) UUIDs in lower-case text, as the envelope's `id` carries them.
public enum EventID {
    /// A new random id.
    ///
    /// Foundation's `UUID()` opens, reads and closes `/dev/urandom` on every call on Linux. These
    /// ids take their 128 bits from the kernel's generator too, but 4 KiB at a time, because every
    /// published event needs one.
    public static func make() -> String {
        let (high, low) = pool.withLock { $0.next() }
        return format(high: high, low: low)
    }

    private static let pool = Mutex(RandomPool())

    /// Kernel randomness fetched in blocks and handed out 16 bytes at a time.
    private struct RandomPool {
        private var words: [UInt64] = []
        private var position = 0

        mutating func next() -> (UInt64, UInt64) {
            if position + 2 > words.count { refill() }
            defer { position += 2 }
            return (words[position], words[position + 1])
        }

        private mutating func refill() {
            var fresh = [UInt64](repeating: 0, count: 512)
            // One open, read and close of the kernel's generator per 256 ids.
            let source = FileHandle(forReadingAtPath: "/dev/urandom")
            let bytes = (try? source?.read(upToCount: fresh.count * 8)) ?? nil
            try? source?.close()
            if let bytes, bytes.count == fresh.count * 8 {
                fresh.withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
            } else {
                var generator = SystemRandomNumberGenerator()
                for index in fresh.indices { fresh[index] = generator.next() }
            }
            words = fresh
            position = 0
        }
    }

    /// The UUID text of 128 bits with the version (4) and variant (RFC 4122) bits set.
    static func format(high: UInt64, low: UInt64) -> String {
        let high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (word, offset) in [(high, 0), (low, 16)] {
            for nibble in 0..<16 {
                let position = offset + nibble
                if position == 8 || position == 12 || position == 16 || position == 20 {
                    text.append(UInt8(ascii: "-"))
                }
                text.append(JSONWriter.hexDigits[Int((word >> UInt64(60 - nibble * 4)) & 0xF)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
