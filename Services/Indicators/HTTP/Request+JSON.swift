import Domain
import Foundation
import Hummingbird
import ServiceKit

extension Request {
    /// Decodes the JSON body as `T`, or throws a 400 problem naming what is wrong.
    func decodeBody<T: Decodable>(_ type: T.Type) async throws -> T {
        var copy = self
        let buffer: ByteBuffer
        do {
            buffer = try await copy.collectBody(upTo: 1024 * 1024)
        } catch {
            throw Problem(status: .contentTooLarge, title: "request body larger than 1 MiB")
        }
        do {
            return try EventEnvelope.makeDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw Problem(status: .badRequest, title: "malformed JSON body", detail: "\(error)")
        }
    }
}

/// Query bounds: `YYYY-MM-DD` (a local day) or an ISO 8601 instant.
enum QueryBound {
    /// The instant a bound names (a local day's midnight, or the next midnight when `endOfDay`).
    static func instant(_ text: String?, endOfDay: Bool) throws -> Date? {
        guard let text, !text.isEmpty else { return nil }
        if ChinaLocalDate(isoString: text) != nil, let start = IndicatorsStore.dayStart(text) {
            return endOfDay ? start.addingTimeInterval(86_400) : start
        }
        guard let date = BusTime.parse(text) else {
            throw Problem(
                status: .badRequest, title: "bad time '\(text)'", detail: "use YYYY-MM-DD or an ISO 8601 instant")
        }
        return date
    }

    /// The local date a bound names.
    static func date(_ text: String?) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        if ChinaLocalDate(isoString: text) != nil { return text }
        guard let date = BusTime.parse(text) else {
            throw Problem(
                status: .badRequest, title: "bad date '\(text)'", detail: "use YYYY-MM-DD or an ISO 8601 instant")
        }
        return ChinaLocalDate(containing: date).description
    }
}
