import Domain
import Foundation
import ServiceKit

/// The links a message carries: the signed acknowledgement link into emergency and the absolute URL
/// of the CAP document on this notifier.
struct MessageLinks: Sendable {
    /// Acknowledgement link settings (secret, emergency's public base URL, validity).
    var ackLinks: AckLinkSettings
    /// This notifier's public base URL, without a trailing slash.
    var publicBaseURL: String

    /// Makes links; the defaults are the local run's (development secret, loopback URLs).
    init(ackLinks: AckLinkSettings = AckLinkSettings(), publicBaseURL: String = "http://127.0.0.1:8085") {
        self.ackLinks = ackLinks
        var base = publicBaseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        while base.hasSuffix("/") { base.removeLast() }
        self.publicBaseURL = base
    }

    /// The absolute URL of CAP document `identifier`.
    func capURL(_ identifier: String) -> String {
        "\(publicBaseURL)/v1/cap/\(identifier)"
    }

    /// The acknowledgement link for `contact` of `department` on `incident`, valid from `now`; nil when
    /// the department cannot acknowledge it (not responsible, or the incident closed).
    func acknowledgeURL(incident: IncidentEvent, department: String, contact: String, now: Date) -> String? {
        guard incident.responsible.contains(department), !incident.closed, incident.incidentId > 0 else { return nil }
        return ackLinks.url(
            for: AckLinkClaims(
                incidentId: incident.incidentId, department: department, contact: contact,
                expires: now.addingTimeInterval(ackLinks.validity)))
    }
}
