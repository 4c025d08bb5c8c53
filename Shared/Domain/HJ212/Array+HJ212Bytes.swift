import Foundation

extension Array where Element == UInt8 {
    /// Decodes the bytes of a span as UTF-8 text (validity was checked when the segment was parsed).
    func hj212String(_ span: HJ212ByteSpan) -> String {
        withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[span.range]), as: UTF8.self)
        }
    }
}
