import Domain
import Foundation

/// The email channel: renders the queued message as a Chinese text + HTML email, with the incident's
/// CAP document attached and the acknowledgement link when the message carries one, and sends it over
/// SMTP to the channel's address. A 5xx reply fails for good; anything else is retried. The
/// Message-ID is derived from the idempotency key, so a resend carries the same one.
struct EmailSender: DeliverySending {
    /// The SMTP client.
    var client: SMTPClient
    /// Sender address.
    var from: String
    /// Sender display name.
    var fromName: String
    /// The XML of a stored CAP document by identifier (the store's, in the service).
    var capDocument: @Sendable (String) async -> String? = { _ in nil }

    /// Chinese for an incident action.
    static func actionName(_ action: IncidentEvent.Action) -> String {
        switch action {
        case .opened: "新事件"
        case .updated: "更新"
        case .escalated: "升级"
        case .acknowledged: "已确认"
        case .cleared: "已解除"
        case .closed: "已关闭"
        }
    }

    /// The email for `delivery` (whose body is a `WebhookMessage`), attaching `capXML` when given.
    func message(for delivery: Delivery, at date: Date, capXML: String? = nil) throws -> EmailMessage {
        let message = try EventEnvelope.makeDecoder().decode(WebhookMessage.self, from: delivery.body)
        let subject: String
        var text: [String] = []
        var html: [String] = []
        let reminder = message.repeat.map { "（第\($0)次提醒）" } ?? ""
        if let incident = message.incident {
            subject =
                "【\(incident.levelChineseName) \(Self.actionName(incident.action))】\(incident.headline)\(reminder)"
            let place = incident.scope.name ?? incident.scope.id
            text += [
                incident.headline + reminder, "级别：\(incident.levelChineseName)", "地点：\(place)",
                "处置要求：\(incident.instructions)",
                "事件编号：\(incident.incidentId)",
            ]
            html += [
                "<h1>\(CAPWriter.escape(incident.headline + reminder))</h1>",
                "<p>级别：\(CAPWriter.escape(incident.levelChineseName))</p><p>地点：\(CAPWriter.escape(place))</p>",
                "<p>处置要求：\(CAPWriter.escape(incident.instructions))</p>",
                "<p>事件编号：\(incident.incidentId)</p>",
            ]
        } else {
            let events = message.events ?? []
            subject = "【通知】\(message.topic)" + (events.count > 1 ? "（\(events.count)条）" : "")
            html.append("<h1>\(CAPWriter.escape(message.topic))</h1><ul>")
            for event in events {
                let time = BusTime.format(event.time)
                text.append("\(time) \(event.summary)")
                html.append("<li>\(CAPWriter.escape(time)) \(CAPWriter.escape(event.summary))</li>")
            }
            html.append("</ul>")
        }
        if let link = message.acknowledgeURL {
            text.append("一键确认收到（打开后点击确认）：\(link)")
            html.append("<p><a href=\"\(CAPWriter.escape(link))\">一键确认收到</a></p>")
        }
        if let cap = message.capURL {
            text.append("CAP 预警文档：\(cap)")
            html.append(
                "<p>CAP：<a href=\"\(CAPWriter.escape(cap))\">\(CAPWriter.escape(message.capIdentifier ?? cap))</a></p>")
        }
        var attachments: [EmailMessage.Attachment] = []
        if let capXML, let identifier = message.capIdentifier {
            attachments.append(
                .init(filename: "\(identifier).xml", contentType: "application/cap+xml", data: Data(capXML.utf8)))
        }
        let safeKey = delivery.idempotencyKey.replacingOccurrences(of: "/", with: ".")
        return EmailMessage(
            from: from, fromName: fromName, to: delivery.target, subject: subject,
            text: text.joined(separator: "\n"), html: "<html><body>" + html.joined(separator: "\n") + "</body></html>",
            messageId: "\(safeKey)@greenheart", date: date, attachments: attachments)
    }

    /// Sends `delivery` by email.
    func send(_ delivery: Delivery, secret: String?) async -> AttemptOutcome {
        let email: EmailMessage
        do {
            let identifier = try EventEnvelope.makeDecoder().decode(WebhookMessage.self, from: delivery.body)
                .capIdentifier
            let xml: String? = if let identifier { await capDocument(identifier) } else { nil }
            email = try message(for: delivery, at: Date(), capXML: xml)
        } catch {
            return .failed(status: nil, error: "cannot render email: \(error)")
        }
        do {
            try await client.send(email)
            return .delivered(status: 250)
        } catch let error as SMTPError {
            return error.permanent
                ? .failed(status: nil, error: error.description) : .retry(status: nil, error: error.description)
        } catch {
            return .retry(status: nil, error: "\(error)")
        }
    }
}
