import Domain
import Foundation
import GRDB

/// One CAP 1.2 `<alert>` document produced for an incident change, as stored and served.
struct CAPAlert: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    /// The CAP identifier, `greenheart.incident.<incidentId>.<n>`.
    var identifier: String
    /// The incident.
    var incidentId: Int64
    /// `Alert`, `Update` or `Cancel`.
    var msgType: String
    /// When it was sent (UTC).
    var sent: Date
    /// The headline, for the feed.
    var headline: String
    /// The XML document.
    var xml: String

    /// Table name.
    static let databaseTableName = "cap_alert"
}

/// Writes CAP 1.2 documents (OASIS, namespace `urn:oasis:names:tc:emergency:cap:1.2`) for incident
/// changes; see standards.md §9 for the mapping's source.
enum CAPWriter {
    /// The CAP `sender`.
    static let sender = "notifier@greenheart.zhuzhou.gov.cn"
    /// The namespace.
    static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    /// `Alert` for a new incident, `Cancel` once it cleared or closed, `Update` otherwise.
    static func msgType(_ action: IncidentEvent.Action) -> String {
        switch action {
        case .opened: "Alert"
        case .cleared, .closed: "Cancel"
        case .updated, .escalated, .acknowledged: "Update"
        }
    }

    /// Severity from the level: I/red Extreme, II/orange Severe, III/yellow Moderate, IV/blue Minor.
    static func severity(_ level: String) -> String {
        switch level {
        case "I", "red": "Extreme"
        case "II", "orange": "Severe"
        case "III", "yellow": "Moderate"
        case "IV", "blue": "Minor"
        default: "Unknown"
        }
    }

    /// Urgency: Past once no longer active; Immediate for I–II/red/orange; Expected otherwise.
    static func urgency(_ incident: IncidentEvent) -> String {
        if !incident.active || incident.closed { return "Past" }
        switch incident.level {
        case "I", "II", "red", "orange": return "Immediate"
        default: return "Expected"
        }
    }

    /// Certainty: Observed for sudden incidents (measured), Likely for forecast-based warnings.
    static func certainty(_ incident: IncidentEvent) -> String {
        incident.levelScheme == "warning" ? "Likely" : "Observed"
    }

    /// A CAP date-time: UTC written as `+00:00` (the XSD pattern allows no `Z`).
    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d+00:00", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0)
    }

    /// The `<alert>` for `incident` with `identifier`, referencing `earlier` alerts of the same incident.
    static func document(
        identifier: String, incident: IncidentEvent, earlier: [CAPAlert], expiresAfter: TimeInterval = 24 * 3600
    ) -> String {
        let type = msgType(incident.action)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<alert xmlns=\"\(namespace)\">\n"
        xml += element("identifier", identifier)
        xml += element("sender", sender)
        xml += element("sent", dateTime(incident.at))
        xml += element("status", "Actual")
        xml += element("msgType", type)
        xml += element("scope", "Restricted")
        xml += element("restriction", "市生态环境局及相关部门内部")
        if type != "Alert", !earlier.isEmpty {
            xml += element(
                "references", earlier.map { "\(sender),\($0.identifier),\(dateTime($0.sent))" }.joined(separator: " "))
        }
        xml += element("incidents", "greenheart.incident.\(incident.incidentId)")
        xml += "  <info>\n"
        xml += element("language", "zh-CN", indent: 4)
        xml += element("category", "Env", indent: 4)
        xml += element("event", incident.type, indent: 4)
        xml += element("responseType", incident.closed || !incident.active ? "AllClear" : "Monitor", indent: 4)
        xml += element("urgency", urgency(incident), indent: 4)
        xml += element("severity", severity(incident.level), indent: 4)
        xml += element("certainty", certainty(incident), indent: 4)
        xml += element("effective", dateTime(incident.at), indent: 4)
        xml += element("expires", dateTime(incident.at.addingTimeInterval(expiresAfter)), indent: 4)
        xml += element("senderName", "株洲市生态环境局", indent: 4)
        xml += element("headline", incident.headline, indent: 4)
        xml += element("description", incident.note ?? incident.headline, indent: 4)
        if !incident.instructions.isEmpty { xml += element("instruction", incident.instructions, indent: 4) }
        xml +=
            "    <parameter>\n" + element("valueName", "level", indent: 6) + element("value", incident.level, indent: 6)
        xml += "    </parameter>\n"
        xml += "    <area>\n"
        xml += element("areaDesc", incident.scope.name ?? incident.scope.id, indent: 6)
        if let county = incident.scope.county {
            xml += "      <geocode>\n" + element("valueName", "行政区划代码", indent: 8)
            xml += element("value", county, indent: 8) + "      </geocode>\n"
        }
        xml += "      <geocode>\n" + element("valueName", incident.scope.kind, indent: 8)
        xml += element("value", incident.scope.id, indent: 8) + "      </geocode>\n"
        xml += "    </area>\n"
        // Each located station is an area of its own: its point as a CAP circle of radius 0 km.
        for station in incident.stations ?? [] {
            xml += "    <area>\n"
            xml += element("areaDesc", "监测站点 " + (station.name ?? station.id), indent: 6)
            xml += element("circle", circle(latitude: station.latitude, longitude: station.longitude), indent: 6)
            xml += "      <geocode>\n" + element("valueName", "station", indent: 8)
            xml += element("value", station.id, indent: 8) + "      </geocode>\n"
            xml += "    </area>\n"
        }
        xml += "  </info>\n"
        xml += "</alert>\n"
        return xml
    }

    /// A CAP circle, `lat,lon radius` in WGS 84 degrees and kilometres (radius 0 = the point itself).
    static func circle(latitude: Double, longitude: Double, radiusKilometres: Double = 0) -> String {
        String(format: "%.6f,%.6f %g", latitude, longitude, radiusKilometres)
    }

    /// The Atom feed linking every alert in `alerts` (newest first), updated at `updated`; links are
    /// absolute on `baseURL` (the notifier's public base URL) when given.
    static func feed(_ alerts: [CAPAlert], updated: Date, baseURL: String = "") -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += element("id", "urn:greenheart:notifier:cap:feed")
        xml += element("title", "株洲市生态环境局 CAP 预警")
        xml += element("updated", rfc3339(alerts.first?.sent ?? updated))
        xml += "  <author>\n" + element("name", "株洲市生态环境局", indent: 4) + "  </author>\n"
        for alert in alerts {
            xml += "  <entry>\n"
            xml += element("id", "urn:greenheart:cap:\(alert.identifier)", indent: 4)
            xml += element("title", "[\(alert.msgType)] \(alert.headline)", indent: 4)
            xml += element("updated", rfc3339(alert.sent), indent: 4)
            xml +=
                "    <link rel=\"alternate\" type=\"application/cap+xml\" href=\"\(escape(baseURL))/v1/cap/\(escape(alert.identifier))\"/>\n"
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }

    /// An Atom date (RFC 3339, UTC).
    static func rfc3339(_ date: Date) -> String {
        String(dateTime(date).dropLast(6)) + "Z"
    }

    /// One element line.
    private static func element(_ name: String, _ text: String, indent: Int = 2) -> String {
        String(repeating: " ", count: indent) + "<\(name)>\(escape(text))</\(name)>\n"
    }

    /// `text` with XML's special characters escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
