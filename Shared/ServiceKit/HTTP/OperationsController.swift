import Bus
import Domain
import Foundation
import GRDB
import Hummingbird
import Store

/// `/healthz`, `/readyz`, `/metrics` (open to all) and the bus's operator endpoints under
/// `/v1/bus` (token required).
struct OperationsController: Sendable {
    let runtime: ServiceRuntime

    struct Readiness: Encodable {
        var ready: Bool
        var service: String
        var store: String
        var publisher: EventPublisher.Endpoints?
        var subscriber: [EventSubscriber.UpstreamStatus]?
    }

    struct BusStatus: Encodable {
        var source: String
        var latestSequence: Int64
        var publishedThrough: Int64
        var oldestRetained: Int64
        var publisher: EventPublisher.Endpoints?
        var upstreams: [EventSubscriber.UpstreamStatus]
        var openDeadLetters: Int
    }

    struct DeadLetterView: Encodable {
        var id: Int64?
        var source: String
        var sequence: Int64
        var eventId: String?
        var topic: String?
        var type: String?
        var error: String
        var attempts: Int
        var status: String
        var firstFailedAt: Date
        var lastFailedAt: Date
        var payload: String?
    }

    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("healthz") { _, _ in
            try jsonResponse(["status": "ok", "service": runtime.settings.service.rawValue])
        }
        router.get("readyz") { _, _ in try readiness() }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: runtime.registry.emitToBuffer())))
        }
        router.get("v1/bus/status") { _, context in
            _ = try context.requireCaller()
            return try await busStatus()
        }
        router.get("v1/bus/dead-letters") { request, context in
            _ = try context.requireCaller()
            let status = request.uri.queryParameters.get("status")
            return try await deadLetters(status: status)
        }
        router.post("v1/bus/dead-letters/:id/retry") { _, context in
            _ = try context.requireCaller(.admin)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let subscriber = runtime.subscriber else {
                throw Problem(status: .notFound, title: "this service subscribes to nothing")
            }
            let applied = try subscriber.retryDeadLetter(id: id)
            guard applied else {
                throw Problem(
                    status: .conflict, title: "dead letter \(id) was not applied",
                    detail: "it does not exist, is not open, or its handler failed again (see its error)")
            }
            return try jsonResponse(["id": "\(id)", "status": "retried"])
        }
    }

    private func readiness() throws -> Response {
        let storeOK = (try? runtime.store.read { try OutboxState.fetch($0) }) != nil
        let endpoints = runtime.publisher.endpoints
        let subscriberOK = runtime.subscriber.map(\.isRunning) ?? true
        let ready = storeOK && endpoints != nil && subscriberOK
        let body = Readiness(
            ready: ready, service: runtime.settings.service.rawValue, store: storeOK ? "ok" : "unavailable",
            publisher: endpoints, subscriber: runtime.subscriber?.status)
        return try jsonResponse(body, status: ready ? .ok : .serviceUnavailable)
    }

    private func busStatus() async throws -> Response {
        let (state, open) = try await runtime.store.read { db in
            (try OutboxState.fetch(db), try DeadLetter.filter(Column("status") == "open").fetchCount(db))
        }
        return try jsonResponse(
            BusStatus(
                source: runtime.settings.source, latestSequence: state.lastSequence,
                publishedThrough: state.publishedThrough, oldestRetained: state.oldestRetained,
                publisher: runtime.publisher.endpoints, upstreams: runtime.subscriber?.status ?? [],
                openDeadLetters: open))
    }

    private func deadLetters(status: String?) async throws -> Response {
        let letters = try await runtime.store.read { db in
            var request = DeadLetter.order(Column("id").desc).limit(500)
            if let status { request = request.filter(Column("status") == status) }
            return try request.fetchAll(db)
        }
        return try jsonResponse(
            letters.map {
                DeadLetterView(
                    id: $0.id, source: $0.source, sequence: $0.sequence, eventId: $0.eventId, topic: $0.topic,
                    type: $0.type, error: $0.error, attempts: $0.attempts, status: $0.status.rawValue,
                    firstFailedAt: $0.firstFailedAt, lastFailedAt: $0.lastFailedAt,
                    payload: $0.payload.map { String(decoding: $0, as: UTF8.self) })
            })
    }
}
