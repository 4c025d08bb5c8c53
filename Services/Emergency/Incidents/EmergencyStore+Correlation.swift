import Domain
import Foundation
import GRDB

/// One observation that feeds incidents: a breach, an anomaly or a city's AQI episode.
struct Signal: Sendable {
    /// The incident type it feeds.
    var type: String
    /// Where.
    var scope: IncidentEvent.Scope
    /// The input key, e.g. `breach:<id>`.
    var key: String
    /// `breach`, `anomaly` or `aqi`.
    var source: String
    /// A one-line description.
    var detail: String
    /// The payload as JSON text.
    var payload: String
    /// The level the input calls for (nil: the plan's default).
    var level: String?
    /// Departments to inform beyond the plan's.
    var extraInformed: [String] = []
    /// Event time (UTC).
    var at: Date
}

extension EmergencyStore {
    /// The incident type of a breach kind.
    static func incidentType(of kind: BreachEvent.Kind) -> String {
        switch kind {
        case .heavyPollution: "heavy_pollution"
        case .drinkingWaterSource: "drinking_water_source"
        case .emissionExceedance: "emission_exceedance"
        case .stationOffline: "station_offline"
        case .facilityOff: "facility_off"
        case .custom: "manual"
        }
    }

    /// The plan of `type`, falling back to the seeded one, then to the manual plan.
    func plan(_ db: Database, type: String) throws -> ResponsePlan {
        if let plan = try ResponsePlan.fetchOne(db, key: type) { return plan }
        if let plan = ResponsePlan.defaults.first(where: { $0.type == type }) { return plan }
        return try ResponsePlan.fetchOne(db, key: "manual") ?? ResponsePlan.defaults[ResponsePlan.defaults.count - 1]
    }

    /// Applies `breach.opened`: suppressed when its station is offline, else joins or opens an incident.
    func breachOpened(_ db: Database, _ breach: BreachEvent, at: Date) throws {
        if breach.kind == .stationOffline {
            try OfflineStation(stationId: breach.scope.id, breachId: breach.breachId, since: breach.openedAt).save(db)
        } else if breach.scope.kind == "station",
            let offline = try OfflineStation.fetchOne(db, key: breach.scope.id)
        {
            try SuppressedBreach(
                breachId: breach.breachId, stationId: breach.scope.id, kind: breach.kind.rawValue,
                openedAt: breach.openedAt, active: true
            ).save(db)
            if let incident = try IncidentInput.filter(Column("key") == "breach:\(offline.breachId)")
                .order(Column("id").desc).fetchOne(db)
            {
                try addTimeline(
                    db, incidentId: incident.incidentId, actor: "system", action: "suppressed",
                    detail: "\(breach.ruleName) (\(breach.breachId)) suppressed: station offline")
            }
            return
        }
        let type = Self.incidentType(of: breach.kind)
        var level: String?
        if breach.kind == .drinkingWaterSource {
            let source = try WaterSource.fetchOne(db, key: breach.scope.id)
            level = try plan(db, type: type).level(population: source?.population)
        }
        let evidence = breach.evidence.map { "\($0.factor)=\($0.value)\($0.unit)" }.joined(separator: ", ")
        let detail =
            "\(breach.ruleName): \(breach.factor) \(breach.comparator) \(breach.limit)\(breach.unit)"
            + (evidence.isEmpty ? "" : " (\(evidence))") + (breach.forecast ? " [forecast]" : "")
        try open(
            db,
            Signal(
                type: type,
                scope: IncidentEvent.Scope(
                    kind: breach.scope.kind, id: breach.scope.id, name: breach.scope.name, county: breach.scope.county),
                key: "breach:\(breach.breachId)", source: "breach", detail: detail, payload: try Self.json(breach),
                level: level, at: breach.openedAt))
    }

    /// Applies `breach.cleared`: the input clears, and the incident when it was the last active one.
    func breachCleared(_ db: Database, _ breach: BreachEvent, at: Date) throws {
        if breach.kind == .stationOffline {
            try OfflineStation.filter(Column("stationId") == breach.scope.id && Column("breachId") == breach.breachId)
                .deleteAll(db)
        }
        if var suppressed = try SuppressedBreach.fetchOne(db, key: breach.breachId) {
            suppressed.active = false
            try suppressed.update(db)
        }
        try clear(db, key: "breach:\(breach.breachId)", at: breach.clearedAt ?? at)
    }

    /// Applies a waste anomaly (detected or resolved): one incident per manifest for the bureau,
    /// transport and police informed, health too for medical waste.
    func wasteAnomaly(_ db: Database, _ anomaly: WasteAnomaly, resolved: Bool, at: Date) throws {
        let key = "anomaly:\(anomaly.id)"
        if resolved {
            try clear(db, key: key, at: anomaly.resolvedAt ?? at)
            return
        }
        let manifest = anomaly.manifest
        let summary: [String: Any] = [
            "id": anomaly.id, "kind": anomaly.kind, "detail": anomaly.detail, "manifest": manifest.number,
            "codes": manifest.codes, "medical": manifest.medical, "vehiclePlate": manifest.vehiclePlate ?? "",
        ]
        let data = (try? JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])) ?? Data("{}".utf8)
        let payload = String(decoding: data, as: UTF8.self)
        try open(
            db,
            Signal(
                type: "waste_anomaly",
                scope: IncidentEvent.Scope(
                    kind: "manifest", id: manifest.number,
                    name: "\(manifest.consignor.name) → \(manifest.receiver.name) (\(manifest.carrier.name))",
                    county: manifest.consignor.county),
                key: key, source: "anomaly", detail: "\(anomaly.kind): \(anomaly.detail)", payload: payload,
                level: nil, extraInformed: manifest.medical ? ["health"] : [], at: anomaly.detectedAt))
    }

    /// Applies a city's daily AQI: stores the day, then raises or opens the city's heavy-pollution
    /// warning from the run of days around it, or clears it when the episode ended.
    func cityDailyAQI(_ db: Database, _ day: CityDailyAQIEvent, at: Date) throws {
        guard let number = Self.dayNumber(day.date), !day.city.isEmpty else { return }
        // An observed day is never replaced by a later forecast of the same day.
        if day.forecast, let stored = try AQIDay.fetchOne(db, key: ["city": day.city, "date": day.date]),
            !stored.forecast
        {
            return
        }
        try AQIDay(city: day.city, date: day.date, aqi: day.aqi, forecast: day.forecast, updatedAt: now()).save(db)
        let plan = try self.plan(db, type: "heavy_pollution")
        let rules = plan.warningRules ?? WarningRule.national2019
        let threshold = WarningRule.episodeThreshold(rules)
        var byNumber: [Int: AQIDay] = [:]
        for stored in try AQIDay.filter(Column("city") == day.city).fetchAll(db) {
            if let n = Self.dayNumber(stored.date) { byNumber[n] = stored }
        }
        func above(_ n: Int) -> Bool { (byNumber[n]?.aqi ?? 0) > threshold }
        let key = "aqi:\(day.city)"
        guard above(number) else {
            // The episode ended when no later day is above the threshold.
            if !byNumber.keys.contains(where: { $0 > number && above($0) }) {
                try clear(db, key: key, at: at)
            }
            return
        }
        var first = number
        while above(first - 1) { first -= 1 }
        var last = number
        while above(last + 1) { last += 1 }
        let run = (first...last).compactMap { byNumber[$0] }
        let values = run.compactMap(\.aqi)
        guard let level = WarningRule.level(for: values, rules: rules) else { return }
        let detail =
            "daily AQI "
            + run.map { "\($0.date) \($0.aqi.map(String.init) ?? "-")\($0.forecast ? " (forecast)" : "")" }
            .joined(separator: ", ")
        try open(
            db,
            Signal(
                type: "heavy_pollution", scope: IncidentEvent.Scope(kind: "city", id: day.city), key: key,
                source: "aqi", detail: detail, payload: try Self.json(day), level: level, at: at))
    }

    /// Joins `signal` to the open incident of its type and scope, or opens one; raising the level or
    /// re-activating a cleared incident is an update.
    @discardableResult
    func open(_ db: Database, _ signal: Signal) throws -> Incident {
        let plan = try self.plan(db, type: signal.type)
        let proposed = signal.level.flatMap { plan.accepts(level: $0) ? $0 : nil } ?? plan.defaultLevel
        let openKey = Incident.key(type: signal.type, scopeKind: signal.scope.kind, scopeId: signal.scope.id)
        let now = self.now()
        guard var incident = try Incident.filter(Column("openKey") == openKey).fetchOne(db), let id = incident.id else {
            var created = Incident(
                id: nil, type: signal.type, levelScheme: plan.levelScheme, level: proposed, headline: "",
                scopeKind: signal.scope.kind, scopeId: signal.scope.id, scopeName: signal.scope.name,
                county: signal.scope.county, active: true, acknowledged: false, responding: false, closed: false,
                responsible: Self.unique(plan.responsible),
                informed: Self.unique(plan.informed + signal.extraInformed).filter { !plan.responsible.contains($0) },
                assignee: nil, escalationStep: 0,
                acknowledgeBy: now.addingTimeInterval(plan.acknowledgeInterval(proposed)),
                reportDueBy: plan.reportInterval(proposed).map { now.addingTimeInterval($0) }, reportedAt: nil,
                reportOverdueAt: nil, openedAt: now, updatedAt: now, clearedAt: nil, acknowledgedAt: nil,
                acknowledgedBy: nil, closedAt: nil, closedBy: nil, summary: nil, openKey: openKey)
            created.headline = Self.headline(created, plan: plan)
            try created.insert(db)
            guard let id = created.id else { return created }
            var input = IncidentInput(
                id: nil, incidentId: id, key: signal.key, source: signal.source, active: true, detail: signal.detail,
                payload: signal.payload, firstAt: signal.at, lastAt: signal.at, clearedAt: nil)
            try input.insert(db)
            try addTimeline(db, incidentId: id, actor: "system", action: "opened", detail: signal.detail)
            try publish(db, created, .opened, recipients: created.responsible + created.informed)
            return created
        }
        var changes: [String] = []
        if var input = try IncidentInput.filter(Column("incidentId") == id && Column("key") == signal.key).fetchOne(db)
        {
            let wasActive = input.active
            input.active = true
            input.clearedAt = nil
            input.detail = signal.detail
            input.payload = signal.payload
            input.lastAt = max(input.lastAt, signal.at)
            try input.update(db)
            if !wasActive {
                try addTimeline(db, incidentId: id, actor: "system", action: "evidence", detail: signal.detail)
            }
        } else {
            var input = IncidentInput(
                id: nil, incidentId: id, key: signal.key, source: signal.source, active: true, detail: signal.detail,
                payload: signal.payload, firstAt: signal.at, lastAt: signal.at, clearedAt: nil)
            try input.insert(db)
            try addTimeline(db, incidentId: id, actor: "system", action: "evidence", detail: signal.detail)
        }
        if !incident.active {
            incident.active = true
            incident.clearedAt = nil
            changes.append("re-activated")
            try addTimeline(db, incidentId: id, actor: "system", action: "reactivated", detail: signal.detail)
        }
        let newInformed = Self.unique(incident.informed + signal.extraInformed).filter {
            !incident.responsible.contains($0)
        }
        if newInformed != incident.informed {
            incident.informed = newInformed
            changes.append("informed \(signal.extraInformed.joined(separator: ", "))")
        }
        var previousLevel: String?
        if IncidentLevel.rank(proposed) > IncidentLevel.rank(incident.level) {
            previousLevel = incident.level
            Self.setLevel(&incident, to: proposed, plan: plan, now: now)
            changes.append("level \(previousLevel ?? "") → \(proposed)")
            try addTimeline(
                db, incidentId: id, actor: "system", action: "level", detail: "\(previousLevel ?? "") → \(proposed)")
        }
        guard !changes.isEmpty else { return incident }
        incident.updatedAt = now
        try incident.update(db)
        try publish(
            db, incident, .updated, previousLevel: previousLevel, recipients: incident.responsible + incident.informed,
            note: changes.joined(separator: "; "))
        return incident
    }

    /// Clears every active input with `key`; an incident whose inputs have all cleared becomes cleared.
    func clear(_ db: Database, key: String, at: Date) throws {
        let inputs = try IncidentInput.filter(Column("key") == key && Column("active") == true).fetchAll(db)
        for var input in inputs {
            input.active = false
            input.clearedAt = at
            try input.update(db)
            try addTimeline(
                db, incidentId: input.incidentId, actor: "system", action: "input_cleared", detail: input.detail)
            guard var incident = try Incident.fetchOne(db, key: input.incidentId), !incident.closed, incident.active
            else { continue }
            let remaining = try IncidentInput.filter(
                Column("incidentId") == input.incidentId && Column("active") == true
            )
            .fetchCount(db)
            guard remaining == 0 else { continue }
            let now = self.now()
            incident.active = false
            incident.clearedAt = now
            incident.updatedAt = now
            try incident.update(db)
            try addTimeline(
                db, incidentId: input.incidentId, actor: "system", action: "cleared", detail: "every input cleared")
            try publish(db, incident, .cleared, recipients: incident.responsible + incident.informed)
        }
    }

    /// Sets the level, tightening the acknowledgement and report deadlines when the new level's are shorter.
    static func setLevel(_ incident: inout Incident, to level: String, plan: ResponsePlan, now: Date) {
        incident.level = level
        incident.headline = headline(incident, plan: plan)
        if !incident.acknowledged {
            let due = now.addingTimeInterval(plan.acknowledgeInterval(level))
            incident.acknowledgeBy = incident.acknowledgeBy.map { min($0, due) } ?? due
        }
        if incident.reportedAt == nil, let interval = plan.reportInterval(level) {
            let due = now.addingTimeInterval(interval)
            incident.reportDueBy = incident.reportDueBy.map { min($0, due) } ?? due
        }
    }

    /// The headline of `incident`, as the people it reaches read it: plan title and place, e.g.
    /// `重污染天气：株洲市`. The level travels beside it (messages put it in their subject).
    static func headline(_ incident: Incident, plan: ResponsePlan) -> String {
        let place = incident.scopeName ?? "\(Self.scopeKindName(incident.scopeKind)) \(incident.scopeId)"
        return "\(plan.title)：\(place)"
    }

    /// Chinese for a scope kind, for headlines of scopes without a name.
    static func scopeKindName(_ kind: String) -> String {
        switch kind {
        case "station": "站点"
        case "city": "城市"
        case "county": "区县"
        case "manifest": "联单"
        case "enterprise": "企业"
        default: kind
        }
    }

    /// Appends a timeline entry.
    func addTimeline(_ db: Database, incidentId: Int64, actor: String, action: String, detail: String?) throws {
        var entry = TimelineEntry(
            id: nil, incidentId: incidentId, at: now(), actor: actor, action: action, detail: detail)
        try entry.insert(db)
    }

    /// Writes the `emergency.incident.<action>` event of `incident` into the outbox.
    func publish(
        _ db: Database, _ incident: Incident, _ action: IncidentEvent.Action, previousLevel: String? = nil,
        recipients: [String], actor: String = "system", note: String? = nil
    ) throws {
        let event = try makeEvent(
            db, incident, action, previousLevel: previousLevel, recipients: recipients, actor: actor, note: note)
        try outbox.enqueue(db, topic: event.topic, type: event.eventType, payload: event, time: event.at)
    }

    /// The event payload describing `incident` after a change.
    func makeEvent(
        _ db: Database, _ incident: Incident, _ action: IncidentEvent.Action, previousLevel: String?,
        recipients: [String], actor: String, note: String?
    ) throws -> IncidentEvent {
        let id = incident.id ?? 0
        let plan = try self.plan(db, type: incident.type)
        let evidence = try IncidentInput.filter(Column("incidentId") == id).fetchCount(db)
        let base = "/v1/incidents/\(id)"
        return IncidentEvent(
            action: action, incidentId: id, type: incident.type, level: incident.level, previousLevel: previousLevel,
            levelScheme: incident.levelScheme, headline: incident.headline,
            instructions: plan.instruction(incident.level),
            scope: IncidentEvent.Scope(
                kind: incident.scopeKind, id: incident.scopeId, name: incident.scopeName, county: incident.county),
            active: incident.active, acknowledged: incident.acknowledged, responding: incident.responding,
            closed: incident.closed, responsible: incident.responsible, informed: incident.informed,
            recipients: Self.unique(recipients), escalationStep: incident.escalationStep, assignee: incident.assignee,
            actor: actor, note: note, acknowledgeBy: incident.acknowledged ? nil : incident.acknowledgeBy,
            reportDueBy: incident.reportedAt == nil ? incident.reportDueBy : nil, openedAt: incident.openedAt,
            at: now(), evidenceCount: evidence,
            links: [
                IncidentEvent.Link(rel: "incident", href: base),
                IncidentEvent.Link(rel: "timeline", href: base + "/timeline"),
                IncidentEvent.Link(rel: "acknowledge", href: base + "/acknowledge"),
            ],
            stations: try Self.stations(db, incidentId: id))
    }

    /// The located stations among the breach inputs of incident `id` (their payloads carry the
    /// station's coordinates when ingest's registry has them), in input order; nil when none is known.
    static func stations(_ db: Database, incidentId id: Int64) throws -> [IncidentEvent.Station]? {
        let payloads = try String.fetchAll(
            db, sql: "SELECT payload FROM incident_input WHERE incidentId = ? AND source = 'breach' ORDER BY id",
            arguments: [id])
        var stations: [IncidentEvent.Station] = []
        for payload in payloads {
            guard let breach = try? EventEnvelope.makeDecoder().decode(BreachEvent.self, from: Data(payload.utf8)),
                breach.scope.kind == "station", let latitude = breach.scope.latitude,
                let longitude = breach.scope.longitude, (-90...90).contains(latitude),
                (-180...180).contains(longitude), !stations.contains(where: { $0.id == breach.scope.id })
            else { continue }
            stations.append(
                IncidentEvent.Station(
                    id: breach.scope.id, name: breach.scope.name, latitude: latitude, longitude: longitude))
        }
        return stations.isEmpty ? nil : stations
    }

    /// `values` without repeats, in first-seen order.
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date, nil when malformed.
    static func dayNumber(_ date: String) -> Int? {
        let parts = date.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day), (1900...9999).contains(year)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let at = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.component(.day, from: at) == day
        else { return nil }
        return Int((at.timeIntervalSince1970 / 86_400).rounded())
    }

    /// `value` as JSON text in the bus's format.
    static func json(_ value: some Encodable) throws -> String {
        String(data: try EventEnvelope.makeEncoder().encode(value), encoding: .utf8) ?? "{}"
    }
}
