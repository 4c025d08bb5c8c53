/// A named, versioned kind of event; the catalogue of every type lives in `EventCatalogue`.
public struct EventType: Hashable, Sendable, CustomStringConvertible {
    /// The type's name, dot-separated, e.g. `measurement.batch`.
    public var name: String
    /// The payload schema version.
    public var version: Int

    /// Makes an event type.
    public init(_ name: String, version: Int = 1) {
        self.name = name
        self.version = version
    }

    public var description: String { "\(name)@v\(version)" }
}
