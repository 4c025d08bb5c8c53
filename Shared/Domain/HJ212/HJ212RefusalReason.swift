import Foundation

/// Stable machine codes for why bytes or a packet were refused; the raw values never change.
public enum HJ212RefusalReason: String, Sendable, CaseIterable, Codable {
    /// Bytes that do not start with `##` were skipped while looking for the next frame.
    case badHeader = "bad_header"
    /// The four characters after `##` are not a decimal length.
    case badLength = "bad_length"
    /// The declared (or encoded) data length is above 1024 bytes, or above 9999 which cannot be framed.
    case lengthOverLimit = "length_over_limit"
    /// The CRC characters are not four hex digits, or the check value does not match.
    case badCRC = "bad_crc"
    /// The frame does not end in CR LF.
    case badTail = "bad_tail"
    /// A header key the packet's dialect requires is absent.
    case missingField = "missing_field"
    /// A header key occurs more than once.
    case duplicateField = "duplicate_field"
    /// A header key is not one HJ 212 defines (or is not spelled with the standard letter case).
    case unknownField = "unknown_field"
    /// A header value is empty, malformed or out of range, or a header item has no `=`.
    case badField = "bad_field"
    /// The CP part is missing its `&&` delimiters, is not last, or its data area does not parse.
    case badCP = "bad_cp"
    /// The CP part is longer than 950 bytes (960 for the 2005 dialect).
    case cpOverLimit = "cp_over_limit"
    /// The Flag D bit and the presence of PNUM/PNO disagree.
    case splitMismatch = "split_mismatch"
    /// The data segment is not valid UTF-8, or has non-ASCII bytes outside a `//…//` text value.
    case badEncoding = "bad_encoding"
    /// A buffer handed over as one frame ended before the frame was complete.
    case incompleteFrame = "incomplete_frame"
    /// A buffer handed over as one frame has bytes after the frame's tail.
    case trailingBytes = "trailing_bytes"
}
