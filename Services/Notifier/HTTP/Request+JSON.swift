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
