import GRDB

/// The effects a subscriber applies, by event type name. A handler runs inside the write
/// transaction that also records the event in the inbox, so its effect happens exactly once.
public struct EventHandlers: Sendable {
    /// A handler: apply `event`'s effect with `db`; throw to have it retried.
    public typealias Handler = @Sendable (BusEvent, Database) throws -> Void

    private var handlers: [String: Handler] = [:]

    /// Makes an empty set.
    public init() {}

    /// Registers `handler` for events of type `name`.
    public mutating func on(_ name: String, _ handler: @escaping Handler) {
        handlers[name] = handler
    }

    /// The handler of `type`, if any.
    public func handler(for type: String) -> Handler? {
        handlers[type]
    }

    /// The registered type names.
    public var types: [String] { handlers.keys.sorted() }
}
