import Domain
import Foundation

/// The SMS channel: an HTTP gateway called with a configurable JSON template in which `{{phone}}` and
/// `{{text}}` are replaced (JSON-escaped); the text is cut to `maxLength` characters (70 for one
/// Chinese SMS), then the acknowledgement link, when the message carries one, follows it whole (a
/// link cut short is useless; the gateway sends a longer text as a concatenated SMS). Outcomes as
/// for webhooks.
struct SMSSender: DeliverySending {
    /// The gateway URL.
    var url: String
    /// The request body template.
    var template: String
    /// Longest text, in characters.
    var maxLength: Int
    /// The HTTP transport.
    var http: WebhookSender

    /// The SMS text of a queued message: level, headline, place (or the events' summaries), cut to
    /// `maxLength`, then ` 确认：<acknowledgement link>` when there is one.
    func text(for delivery: Delivery) throws -> String {
        let message = try EventEnvelope.makeDecoder().decode(WebhookMessage.self, from: delivery.body)
        let full: String
        if let incident = message.incident {
            let reminder = message.repeat.map { "（第\($0)次提醒）" } ?? ""
            full =
                "【\(incident.levelChineseName)】\(incident.headline)（\(incident.scope.name ?? incident.scope.id)）\(reminder)"
        } else {
            let events = message.events ?? []
            full =
                "【通知】" + (events.count > 1 ? "\(events.count)条 " : "")
                + (events.last?.summary ?? message.topic)
        }
        let cut = full.count <= maxLength ? full : String(full.prefix(max(1, maxLength - 1))) + "…"
        return message.acknowledgeURL.map { cut + " 确认：" + $0 } ?? cut
    }

    /// The gateway request body for `delivery`.
    func body(for delivery: Delivery) throws -> Data {
        func escaped(_ value: String) throws -> String {
            // A JSON string literal without its quotes.
            String(String(decoding: try JSONEncoder().encode(value), as: UTF8.self).dropFirst().dropLast())
        }
        let filled = template.replacingOccurrences(of: "{{phone}}", with: try escaped(delivery.target))
            .replacingOccurrences(of: "{{text}}", with: try escaped(text(for: delivery)))
        return Data(filled.utf8)
    }

    /// Posts the filled template to the gateway with the delivery's idempotency key.
    func send(_ delivery: Delivery, secret: String?) async -> AttemptOutcome {
        var request = delivery
        do {
            request.body = try body(for: delivery)
        } catch {
            return .failed(status: nil, error: "cannot render SMS: \(error)")
        }
        request.target = url
        return await http.send(request, secret: secret)
    }
}
