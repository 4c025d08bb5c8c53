import Foundation

/// Who hears what, as data: departments with their contacts and channels, and subscriptions that
/// route events to a department's channel. Loaded from the configuration file at start and replaced
/// through `PUT /v1/directory`.
struct NotifierDirectory: Codable, Sendable, Equatable {
    /// A person in a department.
    struct Contact: Codable, Sendable, Equatable {
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

    /// A route from events to a channel; empty filters match everything.
    struct Subscription: Codable, Sendable, Equatable {
        /// Unique id.
        var id: String
        /// The department's channel that receives the messages.
        var channel: String
        /// Topics starting with this, e.g. `emergency.incident.`.
        var topicPrefix: String
        /// Incident types, empty for all.
        var types: [String] = []
        /// Levels (`I`–`IV`, colours), empty for all.
        var levels: [String] = []
        /// 6-digit county codes, empty for all.
        var counties: [String] = []
        /// Seconds a first message of an incident waits for more changes of it, which then replace it
        /// (one message for the group); 0 sends each change at once.
        var groupWaitSeconds: Int = 0

        /// Makes a subscription.
        init(
            id: String, channel: String, topicPrefix: String, types: [String] = [], levels: [String] = [],
            counties: [String] = [], groupWaitSeconds: Int = 0
        ) {
            self.groupWaitSeconds = groupWaitSeconds
            self.id = id
            self.channel = channel
            self.topicPrefix = topicPrefix
            self.types = types
            self.levels = levels
            self.counties = counties
        }

        /// Decodes, with absent filters meaning "all".
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            channel = try container.decode(String.self, forKey: .channel)
            topicPrefix = try container.decode(String.self, forKey: .topicPrefix)
            types = try container.decodeIfPresent([String].self, forKey: .types) ?? []
            levels = try container.decodeIfPresent([String].self, forKey: .levels) ?? []
            counties = try container.decodeIfPresent([String].self, forKey: .counties) ?? []
            groupWaitSeconds = try container.decodeIfPresent(Int.self, forKey: .groupWaitSeconds) ?? 0
        }

        /// Whether an event on `topic` about an incident of `type`, `level` in `county` matches.
        func matches(topic: String, type: String, level: String, county: String?) -> Bool {
            topic.hasPrefix(topicPrefix) && (types.isEmpty || types.contains(type))
                && (levels.isEmpty || levels.contains(level))
                && (counties.isEmpty || county.map { counties.contains($0) } == true)
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
        for department in departments {
            guard !department.id.isEmpty, departmentIds.insert(department.id).inserted else {
                return "department id '\(department.id)' is empty or repeated"
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
                    let forbidden = CharacterSet(charactersIn: "<>\r\n ,")
                    guard channel.target.contains("@"), channel.target.rangeOfCharacter(from: forbidden) == nil else {
                        return "channel '\(channel.id)': email target must be one plain address"
                    }
                case "sms":
                    guard !channel.target.isEmpty, channel.target.allSatisfy({ $0.isNumber || $0 == "+" }) else {
                        return "channel '\(channel.id)': sms target must be a phone number"
                    }
                default:
                    return "channel '\(channel.id)': kind must be webhook, email or sms"
                }
            }
            let own = Set(department.channels.map(\.id))
            for subscription in department.subscriptions {
                guard !subscription.id.isEmpty, subscriptionIds.insert(subscription.id).inserted else {
                    return "subscription id '\(subscription.id)' is empty or repeated"
                }
                guard (0...86400).contains(subscription.groupWaitSeconds) else {
                    return "subscription '\(subscription.id)': groupWaitSeconds must be 0…86400"
                }
                guard own.contains(subscription.channel) else {
                    return
                        "subscription '\(subscription.id)': channel '\(subscription.channel)' is not its department's"
                }
            }
        }
        return nil
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
