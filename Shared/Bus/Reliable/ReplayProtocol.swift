import Foundation

/// The request/answer messages of a publisher's replay endpoint (DEALER → ROUTER), as documented
/// in `docs/bus.md`.
///
/// Request: `["REPLAY", {"request":…,"from":N,"limit":K,"prefixes":[…]}]` or `["STATUS", {"request":…}]`.
/// Answers: zero or more `["EVENT", request, topic, envelope, payload]`, then
/// `["END", {…ReplayEnd}]`; or `["STATUS", {…ReplayStatus}]`; or `["ERROR", {…ReplayFailure}]`.
public enum ReplayProtocol {
    /// Command frame of a replay request.
    public static let replay = "REPLAY"
    /// Command frame of a status request and its answer.
    public static let status = "STATUS"
    /// Frame tag of a replayed event.
    public static let event = "EVENT"
    /// Frame tag of the end of a replay answer.
    public static let end = "END"
    /// Frame tag of a refused request.
    public static let error = "ERROR"
    /// The most events one answer carries.
    public static let maximumBatch = 1000
}

/// A request for the events from a sequence on, limited to topic prefixes.
public struct ReplayRequest: Codable, Sendable {
    /// Caller's id for matching the answer.
    public var request: String
    /// First sequence wanted.
    public var from: Int64
    /// Most events wanted (capped by the publisher).
    public var limit: Int
    /// Topic prefixes the caller subscribes to; empty means every topic.
    public var prefixes: [String]
}

/// A request for the publisher's identity and sequence range.
public struct StatusRequest: Codable, Sendable {
    /// Caller's id for matching the answer.
    public var request: String
}

/// The publisher's identity and sequence range.
public struct ReplayStatus: Codable, Sendable {
    /// Echo of the request id.
    public var request: String
    /// The publisher's source name.
    public var source: String
    /// Highest committed sequence.
    public var latest: Int64
    /// Oldest retained sequence.
    public var oldest: Int64
}

/// The end of a replay answer: every event matching the prefixes from `from` through `through`
/// was sent before it (`count` of them).
public struct ReplayEnd: Codable, Sendable {
    /// Echo of the request id.
    public var request: String
    /// The publisher's source name.
    public var source: String
    /// First sequence covered.
    public var from: Int64
    /// Last sequence covered (from − 1 when nothing was covered).
    public var through: Int64
    /// How many EVENT messages preceded this one.
    public var count: Int
    /// Highest committed sequence at the time of the answer.
    public var latest: Int64
    /// Oldest retained sequence.
    public var oldest: Int64
}

/// A refused replay.
public struct ReplayFailure: Codable, Sendable {
    /// Machine-readable reason: `sequence_pruned` or `bad_request`.
    public var code: String
    /// Human-readable explanation.
    public var message: String
    /// Echo of the request id, when it could be read.
    public var request: String?
    /// The publisher's source name.
    public var source: String
    /// Highest committed sequence.
    public var latest: Int64
    /// Oldest retained sequence.
    public var oldest: Int64
}
