import Domain
import Foundation
import Hummingbird
import ServiceKit

extension Request {
    /// Decodes the JSON body as `T` with the bus's date format, or throws a 400 problem saying what is wrong.
    func decodeJSON<T: Decodable>(_ type: T.Type) async throws -> T {
        var copy = self
        let buffer: ByteBuffer
        do {
            buffer = try await copy.collectBody(upTo: 4 * 1024 * 1024)
        } catch {
            throw Problem(status: .contentTooLarge, title: "request body larger than 4 MiB")
        }
        do {
            return try EventEnvelope.makeDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Problem(status: .badRequest, title: "malformed JSON body", detail: Self.describe(error))
        } catch {
            throw Problem(status: .badRequest, title: "malformed JSON body")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let prefix = path(context)
            return "missing field '\(prefix.isEmpty ? "" : prefix + ".")\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(path(context))': \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "invalid value at '\(path(context))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// Local time for people: ISO 8601 with the +08:00 offset of Asia/Shanghai.
enum LocalTime {
    /// `date` as `YYYY-MM-DDTHH:MM:SS+08:00`.
    static func format(_ date: Date?) -> String {
        guard let date else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ChinaStandardTime.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let v = value ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))+08:00"
    }

    /// A query bound: `YYYY-MM-DD` (local midnight, the day after when `endOfDay`) or an ISO 8601 instant.
    static func parseBound(_ text: String, endOfDay: Bool) -> Date? {
        if let day = ChinaLocalDate(isoString: text) {
            return WorkingDayCalendar.midnight(of: endOfDay ? WorkingDayCalendar.following(day) : day)
        }
        return BusTime.parse(text)
    }
}
