import GRDB

/// The effects a subscriber applies, by event type name. A handler runs inside the write
/// transaction that also records the event in the inbox, so its effect happens exactly once.
public struct EventHandlers: Sendable {
    /// A handler: apply `event`'s effect with `db`; throw to have it retried.
    public typealias Handler = @Sendable (BusEvent, Database) throws -> Void

    private var handlers: [String: Handler] = [:]
    private var fallback: Handler?

    /// Makes an empty set.
    public init() {}

    /// Registers `handler` for events of type `name`.
    public mutating func on(_ name: String, _ handler: @escaping Handler) {
        handlers[name] = handler
    }

    /// Registers `handler` for events of every type without a handler of its own (a subscriber that
    /// routes by topic, such as the notifier, takes whatever its prefixes bring).
    public mutating func otherwise(_ handler: @escaping Handler) {
        fallback = handler
    }

    /// The handler of `type`, if any.
    public func handler(for type: String) -> Handler? {
        handlers[type] ?? fallback
    }

    /// The registered type names.
    public var types: [String] { handlers.keys.sorted() }
}
