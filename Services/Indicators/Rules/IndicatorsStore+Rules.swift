import Domain
import Foundation
import GRDB

/// Threshold evaluation: observations feed an N-of-M window per (rule, scope) kept in `ruleState`;
/// breaches open and clear in the same transaction as the data that decided them, and at most one
/// open breach per (rule, scope) exists because a partial unique index says so.
extension IndicatorsStore {
    /// Feeds one observation of `rule` on `scope`; opens or clears a breach and writes its event when due.
    func observe(_ rule: ThresholdRule, scope: BreachEvent.Scope, _ observation: RuleObservation, db: Database) throws {
        let state = try Row.fetchOne(
            db, sql: "SELECT observations, clearedThrough FROM ruleState WHERE ruleId = ? AND scopeId = ?",
            arguments: [rule.id, scope.id])
        var observations: [RuleObservation] = []
        var clearedThrough: Date?
        if let state {
            observations =
                (try? EventEnvelope.makeDecoder().decode(
                    [RuleObservation].self, from: Data((state["observations"] as String).utf8))) ?? []
            clearedThrough = state["clearedThrough"]
        }
        // A late value from before the last clearing cannot reopen the episode that ended.
        if let clearedThrough, observation.time <= clearedThrough { return }
        observations.removeAll { $0.time == observation.time }
        observations.append(observation)
        observations.sort { $0.time < $1.time }
        let keep = max(rule.windowCount, rule.clearCount, 1)
        if observations.count > keep { observations.removeFirst(observations.count - keep) }

        let open = try Row.fetchOne(
            db, sql: "SELECT id, opened FROM breach WHERE ruleId = ? AND scopeId = ? AND clearedAt IS NULL",
            arguments: [rule.id, scope.id])
        if let open {
            let tail = observations.suffix(max(rule.clearCount, 1))
            if tail.count >= max(rule.clearCount, 1), tail.allSatisfy(\.clearing), let first = tail.first,
                let last = tail.last
            {
                let openedJSON: String = open["opened"]
                if var event = try? EventEnvelope.makeDecoder().decode(BreachEvent.self, from: Data(openedJSON.utf8)) {
                    event.clearedAt = first.time
                    event.evidence = tail.flatMap(\.evidence)
                    try db.execute(
                        sql: "UPDATE breach SET clearedAt = ?, cleared = ? WHERE id = ?",
                        arguments: [first.time, try Self.json(event), open["id"] as String])
                    try outbox.enqueue(
                        db, topic: "breach.cleared.\(rule.kind).\(Self.topicSegment(scope.id))",
                        type: EventType("breach.cleared"), payload: event, time: first.time,
                        correlationId: event.breachId)
                } else {
                    try db.execute(
                        sql: "UPDATE breach SET clearedAt = ? WHERE id = ?",
                        arguments: [first.time, open["id"] as String])
                }
                observations = []
                clearedThrough = last.time
            }
        } else {
            let window = observations.suffix(max(rule.windowCount, 1))
            let breaching = window.filter(\.breaching)
            if breaching.count >= max(rule.requiredCount, 1), let first = breaching.first {
                let decisive = breaching.last ?? first
                let id = UUID().uuidString.lowercased()
                let event = BreachEvent(
                    breachId: id, ruleId: rule.id, ruleName: rule.name,
                    kind: BreachEvent.Kind(rawValue: rule.kind) ?? .custom,
                    severity: rule.severity, scope: scope, factor: decisive.factor ?? rule.factor,
                    comparator: rule.comparator, limit: decisive.limit ?? rule.limitValue ?? "", unit: rule.unit,
                    window: rule.window, standard: rule.standard, forecast: false,
                    evidence: breaching.flatMap(\.evidence), openedAt: first.time)
                try db.execute(
                    sql: """
                        INSERT INTO breach (id, ruleId, scopeId, kind, openedAt, opened) VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [id, rule.id, scope.id, rule.kind, first.time, try Self.json(event)])
                try outbox.enqueue(
                    db, topic: "breach.opened.\(rule.kind).\(Self.topicSegment(scope.id))",
                    type: EventType("breach.opened"), payload: event, time: first.time, correlationId: id)
            }
        }
        try db.execute(
            sql: """
                INSERT INTO ruleState (ruleId, scopeId, observations, clearedThrough, updatedAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET observations = excluded.observations, clearedThrough = excluded.clearedThrough,
                    updatedAt = excluded.updatedAt
                """,
            arguments: [rule.id, scope.id, try Self.json(observations), clearedThrough, Date()])
    }

    /// A scope id usable as one topic segment (dots and spaces replaced).
    static func topicSegment(_ id: String) -> String {
        let mapped = id.map { $0 == "." || $0 == " " || !$0.isASCII ? "_" : $0 }
        return mapped.isEmpty ? "_" : String(mapped)
    }

    /// The enabled rules of a kind.
    func enabledRules(kind: BreachEvent.Kind, db: Database) throws -> [ThresholdRule] {
        try ThresholdRule.filter(Column("enabled") == true && Column("kind") == kind.rawValue).fetchAll(db)
    }

    /// Whether a station-scoped rule applies to a station of `stationKind`.
    static func applies(_ rule: ThresholdRule, station: String, stationKind: String) -> Bool {
        switch rule.scopeKind {
        case "station": return rule.scopeValue == station
        case "kind": return rule.scopeValue == nil || rule.scopeValue == stationKind
        default: return false
        }
    }

    // MARK: - City

    /// Evaluates the heavy-pollution rules on one city day.
    func evaluateCityDay(date: String, start: Date, aqi: Int, standard: String, db: Database) throws {
        let scope = BreachEvent.Scope(kind: "city", id: cityCode)
        let value = Decimal(aqi)
        // Heavy pollution, and any custom rule an operator put on the city's daily AQI (e.g. > 150 for a yellow watch).
        let rules = try ThresholdRule.filter(
            Column("enabled") == true && Column("scopeKind") == "city" && Column("factor") == "aqi"
        ).fetchAll(db)
        for rule in rules {
            guard let limit = rule.limitValue.flatMap(DecimalText.parse) else { continue }
            let clear = rule.clearLimit.flatMap(DecimalText.parse) ?? limit
            let evidence = BreachEvent.Evidence(time: start, factor: "aqi", value: "\(aqi)", unit: "")
            var applied = rule
            applied.standard = standard
            try observe(
                applied, scope: scope,
                RuleObservation(
                    time: start, breaching: ThresholdRule.compare(value, rule.comparator, limit),
                    clearing: !ThresholdRule.compare(value, rule.comparator, clear), evidence: [evidence],
                    factor: "aqi",
                    limit: rule.limitValue),
                db: db)
        }
    }

    // MARK: - Stations

    /// Evaluates the station rules touched by one batch: drinking water, emission permit, custom, facility, offline.
    func evaluateStationRules(
        station: String, kind: String, hours: Set<Date>, periodKind: String, periodStart: Date, advanced: Bool,
        db: Database
    ) throws {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT drinkingSource, waterBody FROM station WHERE mn = ?", arguments: [station])
        else { return }
        let scope = BreachEvent.Scope(kind: "station", id: station)
        let drinking: String? = row["drinkingSource"]
        let waterBody = WaterBodyKind(rawValue: row["waterBody"] as String) ?? .river
        let sortedHours = hours.sorted()
        if kind == "water", drinking != nil {
            for rule in try enabledRules(kind: .drinkingWaterSource, db: db)
            where Self.applies(rule, station: station, stationKind: kind) {
                for hour in sortedHours {
                    if let observation = try drinkingWaterObservation(
                        rule, station: station, hour: hour, waterBody: waterBody, db: db)
                    {
                        try observe(rule, scope: scope, observation, db: db)
                    }
                }
            }
        }
        if kind == "emission" {
            for rule in try enabledRules(kind: .emissionExceedance, db: db)
            where Self.applies(rule, station: station, stationKind: kind) {
                for hour in sortedHours {
                    if let observation = try permitObservation(rule, station: station, hour: hour, db: db) {
                        try observe(rule, scope: scope, observation, db: db)
                    }
                }
            }
            for rule in try enabledRules(kind: .facilityOff, db: db)
            where Self.applies(rule, station: station, stationKind: kind) {
                if let observation = try facilityObservation(
                    rule, station: station, periodKind: periodKind, periodStart: periodStart, db: db)
                {
                    try observe(rule, scope: scope, observation, db: db)
                }
            }
        }
        for rule in try enabledRules(kind: .custom, db: db)
        where Self.applies(rule, station: station, stationKind: kind) {
            guard let limit = rule.limitValue.flatMap(DecimalText.parse) else { continue }
            let clear = rule.clearLimit.flatMap(DecimalText.parse) ?? limit
            for hour in sortedHours {
                guard let value = try hourSeries(scope: station, factor: rule.factor, from: hour, count: 1, db: db)[0]
                else {
                    continue
                }
                let evidence = BreachEvent.Evidence(
                    time: hour, factor: rule.factor, value: DecimalText.text(value), unit: rule.unit)
                try observe(
                    rule, scope: scope,
                    RuleObservation(
                        time: hour, breaching: ThresholdRule.compare(value, rule.comparator, limit),
                        clearing: !ThresholdRule.compare(value, rule.comparator, clear), evidence: [evidence],
                        factor: rule.factor, limit: rule.limitValue),
                    db: db)
            }
        }
        if advanced {
            // Fresh data ends an offline episode.
            for rule in try enabledRules(kind: .stationOffline, db: db)
            where Self.applies(rule, station: station, stationKind: kind) {
                let open =
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM breach WHERE ruleId = ? AND scopeId = ? AND clearedAt IS NULL",
                        arguments: [rule.id, station]) ?? false
                guard open else { continue }
                // The clock-driven evaluations are stamped with the evaluation time, which is later than the
                // period of the data that ends the silence; the clearing must not sort before them.
                let stored = try String.fetchOne(
                    db, sql: "SELECT observations FROM ruleState WHERE ruleId = ? AND scopeId = ?",
                    arguments: [rule.id, station])
                let latest = stored.flatMap {
                    try? EventEnvelope.makeDecoder().decode([RuleObservation].self, from: Data($0.utf8))
                }?.map(\.time).max()
                let time = max(periodStart, latest ?? periodStart)
                let evidence = BreachEvent.Evidence(time: periodStart, factor: "data", value: "0", unit: "intervals")
                try observe(
                    rule, scope: scope,
                    RuleObservation(
                        time: time, breaching: false, clearing: true, evidence: [evidence], factor: "data",
                        limit: rule.limitValue),
                    db: db)
            }
        }
    }

    /// One hour of a drinking-water source against GB 3838 class III and the supplementary limits.
    private func drinkingWaterObservation(
        _ rule: ThresholdRule, station: String, hour: Date, waterBody: WaterBodyKind, db: Database
    ) throws -> RuleObservation? {
        let ratio = rule.clearLimit.flatMap(DecimalText.parse) ?? 1
        let rows = try Row.fetchAll(
            db, sql: "SELECT factor, value FROM hourly WHERE station = ? AND hourStart = ? AND valid = 1",
            arguments: [station, hour])
        var evaluated = 0
        var breaching: [(BreachEvent.Evidence, String)] = []
        var seen: [BreachEvent.Evidence] = []
        var allClearing = true
        for row in rows {
            guard let factor = SurfaceWaterFactor(hj212Code: row["factor"]), let value = DecimalText.parse(row["value"])
            else {
                continue
            }
            if rule.factor != "*", rule.factor != factor.hj212Code { continue }
            let standardValue = factor.hj212DefaultUnit.flatMap { $0.convert(value, to: factor.standardUnit) } ?? value
            let evidence = BreachEvent.Evidence(
                time: hour, factor: factor.hj212Code, value: DecimalText.text(value), unit: factor.standardUnit.rawValue
            )
            seen.append(evidence)
            if let limit = GB3838LimitTable.supplementaryLimit(for: factor) {
                evaluated += 1
                if standardValue > limit { breaching.append((evidence, DecimalText.text(limit))) }
                if standardValue > limit * ratio { allClearing = false }
            } else if factor != .waterTemperature, factor != .totalNitrogen || waterBody == .lakeOrReservoir,
                factor != .fecalColiforms, let criterion = GB3838LimitTable.criterion(for: factor, waterBody: waterBody)
            {
                evaluated += 1
                let waterClass = criterion.classify(standardValue)
                let limitText = criterion.limit(for: .classIII).map { DecimalText.text($0) } ?? "class III"
                if waterClass > .classIII { breaching.append((evidence, limitText)) }
                if case .atMost = criterion, let limit = criterion.limit(for: .classIII) {
                    if standardValue > limit * ratio { allClearing = false }
                } else if waterClass > .classIII {
                    allClearing = false
                }
            }
        }
        guard evaluated > 0 else { return nil }
        return RuleObservation(
            time: hour, breaching: !breaching.isEmpty, clearing: allClearing && breaching.isEmpty,
            evidence: breaching.isEmpty ? seen : breaching.map(\.0), factor: breaching.first?.0.factor,
            limit: breaching.first?.1)
    }

    /// One hour of a polluter against its permit limits.
    private func permitObservation(_ rule: ThresholdRule, station: String, hour: Date, db: Database) throws
        -> RuleObservation?
    {
        let ratio = rule.clearLimit.flatMap(DecimalText.parse) ?? 1
        let limits = try Row.fetchAll(
            db,
            sql: """
                SELECT p.factor, p.limitValue, p.unit, h.value FROM permitLimit p
                JOIN hourly h ON h.station = p.station AND h.factor = p.factor AND h.hourStart = ? AND h.valid = 1
                WHERE p.station = ?
                """,
            arguments: [hour, station])
        var evaluated = 0
        var breaching: [(BreachEvent.Evidence, String)] = []
        var seen: [BreachEvent.Evidence] = []
        var allClearing = true
        for row in limits {
            let factor: String = row["factor"]
            if rule.factor != "*", rule.factor != factor { continue }
            guard let limit = DecimalText.parse(row["limitValue"]), let value = DecimalText.parse(row["value"]) else {
                continue
            }
            evaluated += 1
            let evidence = BreachEvent.Evidence(
                time: hour, factor: factor, value: DecimalText.text(value), unit: (row["unit"] as String?) ?? "")
            seen.append(evidence)
            if ThresholdRule.compare(value, rule.comparator, limit) {
                breaching.append((evidence, row["limitValue"] as String))
            }
            if ThresholdRule.compare(value, rule.comparator, limit * ratio) { allClearing = false }
        }
        guard evaluated > 0 else { return nil }
        return RuleObservation(
            time: hour, breaching: !breaching.isEmpty, clearing: allClearing && breaching.isEmpty,
            evidence: breaching.isEmpty ? seen : breaching.map(\.0), factor: breaching.first?.0.factor,
            limit: breaching.first?.1)
    }

    /// Flow factors whose positive value means the site is producing or discharging.
    static let flowFactors: Set<String> = ["w00000", "a00000"]

    /// One period of a polluter: a treatment facility reported off (SBx-RS ≠ 1) while flow is reported.
    ///
    /// The rule's factor names the treatment equipment (`SB1`); `SB-RS` or `*` watches every `SBx`.
    private func facilityObservation(
        _ rule: ThresholdRule, station: String, periodKind: String, periodStart: Date, db: Database
    ) throws -> RuleObservation? {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT factor, statistic, value FROM sample WHERE station = ? AND periodKind = ? AND periodStart = ?",
            arguments: [station, periodKind, periodStart])
        let watched: (String) -> Bool = { factor in
            rule.factor == "SB-RS" || rule.factor == "*" ? factor.hasPrefix("SB") : factor == rule.factor
        }
        let states = rows.filter { ($0["statistic"] as String) == "RS" && watched($0["factor"] as String) }
        guard !states.isEmpty else { return nil }
        let off = states.filter { DecimalText.parse($0["value"]) != 1 }
        let flows = rows.filter {
            Self.flowFactors.contains($0["factor"] as String)
                && Self.valueStatistics.contains($0["statistic"] as String)
                && (DecimalText.parse($0["value"]) ?? 0) > 0
        }
        let breaching = !off.isEmpty && !flows.isEmpty
        let evidence = (off + (breaching ? flows : [])).map {
            BreachEvent.Evidence(time: periodStart, factor: $0["factor"], value: $0["value"], unit: "")
        }
        return RuleObservation(
            time: periodStart, breaching: breaching, clearing: !breaching, evidence: evidence,
            factor: off.first.map { $0["factor"] as String }, limit: "1")
    }

    // MARK: - Offline

    /// Evaluates the station-offline rules at `now`: silence longer than `limit` station intervals
    /// after the end of the last period received breaches.
    @discardableResult
    func evaluateOffline(now: Date) async throws -> Int {
        try await writer.write { db in
            var observed = 0
            let rules = try enabledRules(kind: .stationOffline, db: db)
            guard !rules.isEmpty else { return 0 }
            let stations = try Row.fetchAll(db, sql: "SELECT mn, kind, intervalSeconds, lastPeriodStart FROM station")
            for station in stations {
                let mn: String = station["mn"]
                let kind: String = station["kind"]
                guard let last: Date = station["lastPeriodStart"] else { continue }
                let interval = max(1, station["intervalSeconds"] as Int)
                // Silence runs from the end of the last period received: an hourly station's 09:00 hour
                // can only arrive after 10:00, so measured from its start every upload would already
                // be one interval late, and a device a little behind the hour would look offline.
                let silenceSeconds = max(0, Int(now.timeIntervalSince(last)) - interval)
                let silence = Decimal(silenceSeconds) / Decimal(interval)
                for rule in rules where Self.applies(rule, station: mn, stationKind: kind) {
                    guard let limit = rule.limitValue.flatMap(DecimalText.parse) else { continue }
                    let breaching = ThresholdRule.compare(silence, rule.comparator, limit)
                    let open =
                        try Bool.fetchOne(
                            db, sql: "SELECT 1 FROM breach WHERE ruleId = ? AND scopeId = ? AND clearedAt IS NULL",
                            arguments: [rule.id, mn]) ?? false
                    guard breaching || open else { continue }
                    let evidence = BreachEvent.Evidence(
                        time: last, factor: "data", value: DecimalText.text(silence, places: 2), unit: "intervals")
                    try observe(
                        rule, scope: BreachEvent.Scope(kind: "station", id: mn),
                        RuleObservation(
                            time: now, breaching: breaching, clearing: !breaching, evidence: [evidence],
                            factor: "data", limit: rule.limitValue),
                        db: db)
                    observed += 1
                }
            }
            return observed
        }
    }
}
