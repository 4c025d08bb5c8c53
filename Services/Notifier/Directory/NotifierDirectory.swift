import Foundation

/// Who hears what, as data: departments with their contacts and channels, and subscriptions that
/// route events to a department's channel. Loaded from the configuration file at start and replaced
/// through `PUT /v1/directory`.
struct NotifierDirectory: Codable, Sendable, Equatable {
    /// A person in a department.
    struct Contact: Codable, Sendable, Equatable {
        /// The contact's id, assigned by the notifier (absent in a file; kept when given).
        var id: Int64?
        /// Full name.
        var name: String
        /// Duty or title.
        var role: String?
        /// Mobile number.
        var phone: String?
        /// Email address.
        var email: String?
    }

    /// Where a department receives messages.
    struct Channel: Codable, Sendable, Equatable {
        /// Unique id, e.g. `bureau-webhook`.
        var id: String
        /// `webhook`, `email` or `sms`.
        var kind: String
        /// The URL (webhook), address or number.
        var target: String
        /// The HMAC secret signing webhook bodies.
        var secret: String?
    }

    /// A route from events to a channel; empty filters match everything. A department's routes are
    /// siblings tried in order (Alertmanager's routing tree, one level deep): a matching route with
    /// `continue` false stops the search; with `continue` true (the default, which is how directories
    /// written before `continue` existed behave) the siblings after it may match too.
    struct Subscription: Codable, Sendable, Equatable {
        /// Unique id.
        var id: String
        /// The department's channel that receives the messages.
        var channel: String
        /// Topics starting with this, e.g. `emergency.incident.` or `waste.anomaly.`.
        var topicPrefix: String
        /// Incident types, or for other topics event types; empty for all.
        var types: [String] = []
        /// Levels (`I`–`IV`, colours), empty for all; a route with levels takes only incidents.
        var levels: [String] = []
        /// 6-digit county codes, empty for all; a route with counties takes only incidents.
        var counties: [String] = []
        /// Seconds a first message of a group (an incident, or a topic) waits for more events of it,
        /// which then join it (one message for the group); 0 sends at once.
        var groupWaitSeconds: Int = 0
        /// Seconds after a group's last message before further events of it make an update message;
        /// events within that time join the waiting update. 0 sends each change at once.
        var groupIntervalSeconds: Int = 0
        /// Seconds after which an incident still unacknowledged, active and open is notified again; 0 never.
        var repeatIntervalSeconds: Int = 0
        /// Whether the siblings after this route may match an event it matched.
        var continues: Bool = true
        /// When the route is active; empty for always. Outside every window the route does not match.
        var dutyWindows: [DutyWindow] = []

        enum CodingKeys: String, CodingKey {
            case id, channel, topicPrefix, types, levels, counties, groupWaitSeconds, groupIntervalSeconds
            case repeatIntervalSeconds
            case continues = "continue"
            case dutyWindows
        }

        /// Makes a subscription.
        init(
            id: String, channel: String, topicPrefix: String, types: [String] = [], levels: [String] = [],
            counties: [String] = [], groupWaitSeconds: Int = 0, groupIntervalSeconds: Int = 0,
            repeatIntervalSeconds: Int = 0, continues: Bool = true, dutyWindows: [DutyWindow] = []
        ) {
            self.id = id
            self.channel = channel
            self.topicPrefix = topicPrefix
            self.types = types
            self.levels = levels
            self.counties = counties
            self.groupWaitSeconds = groupWaitSeconds
            self.groupIntervalSeconds = groupIntervalSeconds
            self.repeatIntervalSeconds = repeatIntervalSeconds
            self.continues = continues
            self.dutyWindows = dutyWindows
        }

        /// Decodes, with absent filters meaning "all" and absent timings 0.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            channel = try container.decode(String.self, forKey: .channel)
            topicPrefix = try container.decode(String.self, forKey: .topicPrefix)
            types = try container.decodeIfPresent([String].self, forKey: .types) ?? []
            levels = try container.decodeIfPresent([String].self, forKey: .levels) ?? []
            counties = try container.decodeIfPresent([String].self, forKey: .counties) ?? []
            groupWaitSeconds = try container.decodeIfPresent(Int.self, forKey: .groupWaitSeconds) ?? 0
            groupIntervalSeconds = try container.decodeIfPresent(Int.self, forKey: .groupIntervalSeconds) ?? 0
            repeatIntervalSeconds = try container.decodeIfPresent(Int.self, forKey: .repeatIntervalSeconds) ?? 0
            continues = try container.decodeIfPresent(Bool.self, forKey: .continues) ?? true
            dutyWindows = try container.decodeIfPresent([DutyWindow].self, forKey: .dutyWindows) ?? []
        }

        /// Whether an event on `topic` about an incident of `type`, `level` in `county` matches.
        func matches(topic: String, type: String, level: String, county: String?) -> Bool {
            topic.hasPrefix(topicPrefix) && (types.isEmpty || types.contains(type))
                && (levels.isEmpty || levels.contains(level))
                && (counties.isEmpty || county.map { counties.contains($0) } == true)
        }

        /// Whether `event` matches at `now`: its filters, and a duty window when there are any.
        func matches(_ event: RoutedEvent, at now: Date) -> Bool {
            let filters: Bool
            if let incident = event.incident {
                filters = matches(
                    topic: event.topic, type: incident.type, level: incident.level,
                    county: incident.scope.county)
            } else {
                filters =
                    event.topic.hasPrefix(topicPrefix) && (types.isEmpty || types.contains(event.type))
                    && levels.isEmpty && counties.isEmpty
            }
            return filters && isOnDuty(at: now)
        }

        /// Whether the route is active at `now`.
        func isOnDuty(at now: Date) -> Bool {
            dutyWindows.isEmpty || dutyWindows.contains { $0.contains(now) }
        }

        /// The first problem with this route's own values, or nil.
        func problem() -> String? {
            // An empty prefix stays allowed: it takes every topic the service subscribes to.
            guard !topicPrefix.contains(where: \.isNewline) else {
                return "subscription '\(id)': topicPrefix must be one line"
            }
            for (name, value) in [
                ("groupWaitSeconds", groupWaitSeconds), ("groupIntervalSeconds", groupIntervalSeconds),
                ("repeatIntervalSeconds", repeatIntervalSeconds),
            ] where !(0...604_800).contains(value) {
                return "subscription '\(id)': \(name) must be 0…604800"
            }
            if repeatIntervalSeconds > 0, repeatIntervalSeconds < 60 {
                return "subscription '\(id)': repeatIntervalSeconds must be 0 or at least 60"
            }
            for window in dutyWindows {
                if let problem = window.problem() { return "subscription '\(id)': \(problem)" }
            }
            return nil
        }
    }

    /// A department, with its people, channels and subscriptions.
    struct Department: Codable, Sendable, Equatable {
        /// The department id used on the bus (`bureau`, `police`…).
        var id: String
        /// Display name.
        var name: String
        /// Its people.
        var contacts: [Contact] = []
        /// Its channels.
        var channels: [Channel] = []
        /// Its subscriptions.
        var subscriptions: [Subscription] = []
        /// When it hears only urgent messages; others wait for the window's end.
        var quietHours: QuietHours?

        /// Makes a department.
        init(
            id: String, name: String, contacts: [Contact] = [], channels: [Channel] = [],
            subscriptions: [Subscription] = [], quietHours: QuietHours? = nil
        ) {
            self.quietHours = quietHours
            self.id = id
            self.name = name
            self.contacts = contacts
            self.channels = channels
            self.subscriptions = subscriptions
        }

        /// Decodes, with absent lists meaning none.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            contacts = try container.decodeIfPresent([Contact].self, forKey: .contacts) ?? []
            channels = try container.decodeIfPresent([Channel].self, forKey: .channels) ?? []
            subscriptions = try container.decodeIfPresent([Subscription].self, forKey: .subscriptions) ?? []
            quietHours = try container.decodeIfPresent(QuietHours.self, forKey: .quietHours)
        }
    }

    /// Every department.
    var departments: [Department]

    /// The first problem that makes this directory unusable, or nil.
    func problem() -> String? {
        var departmentIds = Set<String>()
        var channelIds = Set<String>()
        var subscriptionIds = Set<String>()
        // Contact ids are unique across departments (one table).
        var contactIds = Set<Int64>()
        for department in departments {
            guard !department.id.isEmpty, !department.id.contains(where: \.isNewline),
                departmentIds.insert(department.id).inserted
            else {
                return "department id '\(department.id)' is empty or repeated"
            }
            guard !department.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                return "department '\(department.id)': name must not be empty"
            }
            if let problem = department.quietHours?.problem() {
                return "department '\(department.id)': \(problem)"
            }
            for channel in department.channels {
                guard !channel.id.isEmpty, channelIds.insert(channel.id).inserted else {
                    return "channel id '\(channel.id)' is empty or repeated"
                }
                switch channel.kind {
                case "webhook":
                    guard let url = URL(string: channel.target), url.scheme == "http" || url.scheme == "https" else {
                        return "channel '\(channel.id)': webhook target must be an http(s) URL"
                    }
                case "email":
                    guard Self.isPlainAddress(channel.target) else {
                        return "channel '\(channel.id)': email target must be one plain address"
                    }
                case "sms":
                    guard Self.isPhoneNumber(channel.target) else {
                        return "channel '\(channel.id)': sms target must be a phone number"
                    }
                default:
                    return "channel '\(channel.id)': kind must be webhook, email or sms"
                }
            }
            for contact in department.contacts {
                if let problem = contact.problem() { return "department '\(department.id)': \(problem)" }
                if let id = contact.id, id <= 0 || !contactIds.insert(id).inserted {
                    return "department '\(department.id)': contact id \(id) is repeated or not positive"
                }
            }
            let own = Set(department.channels.map(\.id))
            for subscription in department.subscriptions {
                guard !subscription.id.isEmpty, subscriptionIds.insert(subscription.id).inserted else {
                    return "subscription id '\(subscription.id)' is empty or repeated"
                }
                if let problem = subscription.problem() { return problem }
                guard own.contains(subscription.channel) else {
                    return
                        "subscription '\(subscription.id)': channel '\(subscription.channel)' is not its department's"
                }
            }
        }
        return nil
    }
}

extension NotifierDirectory.Contact {
    /// The first problem with this contact, or nil.
    func problem() -> String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "a contact's name must not be empty" }
        // Lenient on purpose (files written before contacts were checked must still load): an email
        // needs an @, a phone at least three digits among + - ( ) and spaces; no line breaks anywhere.
        if name.contains(where: \.isNewline) || (role ?? "").contains(where: \.isNewline) {
            return "contact '\(name)': name and role must be one line"
        }
        if let email, !email.contains("@") || email.contains(where: \.isNewline) {
            return "contact '\(name)': email must be an address"
        }
        if let phone,
            phone.filter(\.isNumber).count < 3
                || !phone.allSatisfy({ ($0.isASCII && $0.isNumber) || "+-() ".contains($0) })
        {
            return "contact '\(name)': phone must be digits, optionally with + - ( ) and spaces"
        }
        return nil
    }
}

extension NotifierDirectory {
    /// Whether `text` is one address without display name or separators.
    static func isPlainAddress(_ text: String) -> Bool {
        let forbidden = CharacterSet(charactersIn: "<>\r\n ,\"")
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && text.rangeOfCharacter(from: forbidden) == nil
    }

    /// Whether `text` is a phone number: digits, optionally after one leading `+`.
    static func isPhoneNumber(_ text: String) -> Bool {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        return (3...20).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// Why a directory file could not be used.
struct DirectoryFileError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String
}

extension NotifierDirectory {
    /// Reads and checks the JSON directory at `url`.
    static func read(from url: URL) throws -> NotifierDirectory {
        let directory: NotifierDirectory
        do {
            directory = try JSONDecoder().decode(NotifierDirectory.self, from: try Data(contentsOf: url))
        } catch {
            throw DirectoryFileError(description: "directory file \(url.path): \(error)")
        }
        if let problem = directory.problem() {
            throw DirectoryFileError(description: "directory file \(url.path): \(problem)")
        }
        return directory
    }
}
