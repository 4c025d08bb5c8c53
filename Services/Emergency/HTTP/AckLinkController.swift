import Domain
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/ack/{id}?token=…`: the one-click acknowledgement links the notifier puts in messages to
/// people. `GET` only shows a confirmation page (mail scanners fetch links, so it must change
/// nothing); `POST` (the page's button) acknowledges the incident for the department and contact
/// named in the signed token, exactly as `POST /v1/incidents/{id}/acknowledge` does.
struct AckLinkController: Sendable {
    /// The store.
    let store: EmergencyStore
    /// Verifies the tokens.
    let signer: AckLinkSigner

    /// Adds the routes.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("v1/ack/:id") { request, context in
            let (id, token, claims) = try verified(request, context)
            let incident = try await store.incident(id, caller: Caller(department: claims.department, role: .viewer))
                .incident
            let action = "/v1/ack/\(id)?token=\(token)"
            let state =
                incident.closed ? "此事件已关闭。" : incident.acknowledged ? "此事件已被确认（\(incident.acknowledgedBy ?? "")）。" : ""
            return Self.page(
                title: "确认事件 \(id)",
                body: """
                    <p>\(Self.escape(incident.headline))</p>
                    <p>级别：\(Self.escape(incident.level))　部门：\(Self.escape(claims.department))　联系人：\(Self.escape(claims.contact))</p>
                    <p>\(state)</p>
                    <form method="post" action="\(Self.escape(action))"><button type="submit">确认收到（Acknowledge）</button></form>
                    """)
        }
        router.post("v1/ack/:id") { request, context in
            let (id, _, claims) = try verified(request, context)
            let incident = try await store.acknowledge(
                id, caller: Caller(department: claims.department, role: .operator_),
                note: "acknowledged by \(claims.contact) through a link")
            return Self.page(
                title: "已确认事件 \(id)",
                body: """
                    <p>\(Self.escape(incident.headline))</p>
                    <p>已由 \(Self.escape(incident.acknowledgedBy ?? claims.department)) 确认。</p>
                    """)
        }
    }

    /// The incident id, the token and its claims, or a 4xx problem saying what is wrong with them.
    private func verified(_ request: Request, _ context: ServiceRequestContext) throws -> (Int64, String, AckLinkClaims)
    {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw Problem(status: .badRequest, title: "incident id must be a positive integer")
        }
        guard let token = request.uri.queryParameters.get("token"), !token.isEmpty else {
            throw Problem(status: .badRequest, title: "the link has no token")
        }
        do {
            return (id, token, try signer.verify(token, incidentId: id, now: store.now()))
        } catch {
            switch error.code {
            case .expired:
                throw Problem(status: .gone, title: "acknowledgement link expired", detail: error.description)
            case .malformed:
                throw Problem(status: .badRequest, title: "malformed acknowledgement link", detail: error.description)
            default:
                throw Problem(
                    status: .forbidden, title: "acknowledgement link not valid for this incident",
                    detail: error.description)
            }
        }
    }

    /// A small HTML page.
    static func page(title: String, body: String) -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="robots" content="noindex">
            <title>\(escape(title))</title></head>
            <body><h1>\(escape(title))</h1>
            \(body)
            </body></html>
            """
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// `text` with HTML's special characters escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
