import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Registers stations through ingest's `POST /v1/stations`, waiting for ingest to answer first.
struct StationRegistration: Sendable {
    /// Base URL of the ingest HTTP API.
    var api: String
    /// Bearer token with the admin role.
    var token: String
    /// How long to keep trying while nothing answers (ingest still starting).
    var wait: Duration = .seconds(30)

    /// Registers one station from its registry JSON; an existing one (409) is reused.
    func register(_ body: [String: Any], mn: String) async throws {
        guard let url = URL(string: api + "/v1/stations") else { throw RegistrationError("bad API URL \(api)") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        request.timeoutInterval = 5
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while true {
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                guard status == 201 || status == 409 else {
                    throw RegistrationError("registering \(mn) failed with HTTP \(status)")
                }
                return
            } catch let error as RegistrationError {
                throw error
            } catch {
                // Nothing answered yet: ingest may still be starting.
                guard clock.now < deadline else { throw RegistrationError("registering \(mn): \(error)") }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
