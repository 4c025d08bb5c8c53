import Domain
import Foundation
import Hummingbird
import ServiceKit

extension Request {
    /// Decodes the JSON body as `T` with the bus's date format, or throws a 400 problem.
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

extension ServiceRequestContext {
    /// The `id` path parameter as an incident id, or a 400 problem.
    func incidentId() throws -> Int64 {
        guard let text = parameters.get("id"), let id = Int64(text), id > 0 else {
            throw Problem(status: .badRequest, title: "incident id must be a positive integer")
        }
        return id
    }
}
