import Crypto
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends a queued delivery through its channel and says what came of it.
protocol DeliverySending: Sendable {
    /// Makes one attempt at `delivery`, signing with `secret` when there is one.
    func send(_ delivery: Delivery, secret: String?) async -> AttemptOutcome
}

/// The webhook channel: an HTTP POST of the JSON body with `Idempotency-Key` and
/// `X-Greenheart-Signature: sha256=<hex HMAC-SHA256 of the body with the channel's secret>`.
/// 2xx is delivered; 4xx but 408 and 429 is failed for good; anything else is retried.
struct WebhookSender: DeliverySending {
    /// How long one attempt may take.
    var timeout: Duration

    /// Makes a sender.
    init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
    }

    /// The signature header value of `body` under `secret`.
    static func signature(of body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// What an HTTP status means for a delivery.
    static func outcome(status: Int, excerpt: String) -> AttemptOutcome {
        switch status {
        case 200..<300: .delivered(status: status)
        case 408, 429: .retry(status: status, error: "HTTP \(status) \(excerpt)")
        case 400..<500: .failed(status: status, error: "HTTP \(status) \(excerpt)")
        default: .retry(status: status, error: "HTTP \(status) \(excerpt)")
        }
    }

    /// Posts `delivery.body` to `delivery.target`.
    func send(_ delivery: Delivery, secret: String?) async -> AttemptOutcome {
        guard let url = URL(string: delivery.target), url.scheme == "http" || url.scheme == "https" else {
            return .failed(status: nil, error: "webhook target is not an http(s) URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = RetryPolicy.seconds(timeout)
        request.httpBody = delivery.body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(delivery.idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        if let secret {
            request.setValue(
                Self.signature(of: delivery.body, secret: secret), forHTTPHeaderField: "X-Greenheart-Signature")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = request.timeoutInterval
        configuration.timeoutIntervalForResource = request.timeoutInterval
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        return await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(returning: .retry(status: nil, error: "\(error.localizedDescription)"))
                } else if let http = response as? HTTPURLResponse {
                    let excerpt = String(decoding: (data ?? Data()).prefix(200), as: UTF8.self)
                    continuation.resume(returning: Self.outcome(status: http.statusCode, excerpt: excerpt))
                } else {
                    continuation.resume(returning: .retry(status: nil, error: "no HTTP response"))
                }
            }
            task.resume()
        }
    }
}
