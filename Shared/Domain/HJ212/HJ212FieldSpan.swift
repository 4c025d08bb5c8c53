import Foundation

/// One CP field located in a data segment: its name, its raw value and the `;` item it belongs to.
struct HJ212FieldSpan: Sendable, Hashable {
    /// Where the name is (spaces around it excluded).
    let name: HJ212ByteSpan
    /// Where the value is, exactly as sent (a text value keeps its `//` marks).
    let value: HJ212ByteSpan
    /// Zero-based index of the `;`-separated item holding the field.
    let item: UInt16
}
