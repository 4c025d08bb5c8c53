import Domain
import Foundation

/// The email channel: renders the queued message as a Chinese text + HTML email and sends it over SMTP
/// to the channel's address. A 5xx reply fails for good; anything else is retried. The Message-ID is
/// derived from the idempotency key, so a resend carries the same one.
struct EmailSender: DeliverySending {
    /// The SMTP client.
    var client: SMTPClient
    /// Sender address.
    var from: String
    /// Sender display name.
    var fromName: String

    /// The email for `delivery` (whose body is a `WebhookMessage`).
    func message(for delivery: Delivery, at date: Date) throws -> EmailMessage {
        let message = try EventEnvelope.makeDecoder().decode(WebhookMessage.self, from: delivery.body)
        let incident = message.incident
        let action: String =
            switch incident.action {
            case .opened: "新事件"
            case .updated: "更新"
            case .escalated: "升级"
            case .acknowledged: "已确认"
            case .cleared: "已解除"
            case .closed: "已关闭"
            }
        let subject = "【\(incident.level)级 \(action)】\(incident.headline)"
        let place = incident.scope.name ?? incident.scope.id
        let text = """
            \(incident.headline)
            级别：\(incident.level)
            地点：\(place)
            处置要求：\(incident.instructions)
            事件编号：\(incident.incidentId)
            """
        let html = """
            <html><body><h1>\(CAPWriter.escape(incident.headline))</h1>
            <p>级别：\(CAPWriter.escape(incident.level))</p><p>地点：\(CAPWriter.escape(place))</p>
            <p>处置要求：\(CAPWriter.escape(incident.instructions))</p>
            <p>CAP：greenheart.incident.\(incident.incidentId)</p></body></html>
            """
        let safeKey = delivery.idempotencyKey.replacingOccurrences(of: "/", with: ".")
        return EmailMessage(
            from: from, fromName: fromName, to: delivery.target, subject: subject, text: text, html: html,
            messageId: "\(safeKey)@greenheart", date: date)
    }

    /// Sends `delivery` by email.
    func send(_ delivery: Delivery, secret: String?) async -> AttemptOutcome {
        let email: EmailMessage
        do {
            email = try message(for: delivery, at: Date())
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
