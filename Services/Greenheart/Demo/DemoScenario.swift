import Domain
import Foundation
import Synchronization

/// The demo's story, step by step, each step checked through the services' APIs.
struct DemoScenario: Sendable {
    /// Host of the services.
    var host: String
    /// HTTP base port (service i on base+i).
    var httpBase: Int
    /// Ingest's HJ 212 port.
    var hj212Port: Int
    /// Admin token.
    var token: String
    /// The sink's mbox file.
    var mailbox: String
    /// The sink's webhook log.
    var webhookLog: String
    /// How long each check may wait.
    var timeout: Duration
    /// Wall-clock seconds per simulated day of uploads (0: unpaced).
    var daySeconds: Double

    private let http = DemoHTTP()
    private let reporter = DemoReporter(total: 7)

    private static let air = [
        DemoStation.air(1, name: "Demo air · Tianyuan"), DemoStation.air(2, name: "Demo air · Hetang"),
    ]
    private static let water = DemoStation.water(3, name: "Demo water · Xiangjiang intake")
    private static let wasteCode = "900-041-49"

    /// Makes the scenario.
    init(
        host: String, httpBase: Int, hj212Port: Int, token: String, mailbox: String, webhookLog: String,
        timeout: Duration,
        daySeconds: Double
    ) {
        self.daySeconds = daySeconds
        self.host = host
        self.httpBase = httpBase
        self.hj212Port = hj212Port
        self.token = token
        self.mailbox = mailbox
        self.webhookLog = webhookLog
        self.timeout = timeout
    }

    private func url(_ service: Int, _ path: String) -> String { "http://\(host):\(httpBase + service)\(path)" }
    private var ingest: Int { 1 }
    private var indicators: Int { 2 }
    private var manifests: Int { 3 }
    private var emergency: Int { 4 }
    private var notifier: Int { 5 }

    /// Plays every step; throws `DemoFailure` naming the first that failed.
    func play() async throws {
        let now = Date()
        let currentHour = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        let todayText = String(HJ212LocalTime.text(from: now).prefix(8))
        guard let today = HJ212LocalTime.date(from: todayText + "000000") else { throw DemoError("no local midnight") }
        let yesterday = today.addingTimeInterval(-86_400)
        let dayBefore = today.addingTimeInterval(-2 * 86_400)
        Console.line("Greenheart demo: two days of a city in about a minute (the clock runs in the data's timestamps).")
        Console.line("  services http://\(host):\(httpBase + 1)…\(httpBase + 5), HJ 212 on \(host):\(hj212Port)")
        Console.line("  mailbox \(mailbox)")
        Console.line("  webhook log \(webhookLog)")

        try await reporter.step("The five services answer /healthz") {
            for (index, name) in ["ingest", "indicators", "manifests", "emergency", "notifier"].enumerated() {
                try await poll("\(name) /healthz") {
                    try await http.send("GET", url(index + 1, "/healthz"), token: nil).status == 200 ? true : nil
                }
            }
            reporter.say("ingest, indicators, manifests, emergency and notifier are up")
        }

        try await reporter.step("Three monitoring stations register with ingest") {
            let registration = StationRegistration(api: url(ingest, ""), token: token, wait: timeout)
            for station in Self.air + [Self.water] {
                try await registration.register(station.registryJSON, mn: station.mn)
                reporter.say("\(station.mn)  \(station.name) (\(station.kind), HJ 212 ST \(station.st))")
            }
        }

        let dayBeforeText = ChinaLocalDate(containing: dayBefore).description
        try await reporter.step("A day of station data: \(dayBeforeText), clean air, over HJ 212") {
            try await send(
                (Self.air + [Self.water]).map { ($0, dayBefore, 24) }, label: "hourly uploads of \(dayBeforeText)")
            let hourly = try await poll("24 city hourly AQIs of \(dayBeforeText)") { () -> Int? in
                let entries = try await http.get(
                    url(indicators, "/v1/aqi/city?report=hourly&from=\(dayBeforeText)&to=\(dayBeforeText)"),
                    token: token
                ).objects
                return entries.filter { $0["aqi"] is Int }.count >= 24 ? entries.count : nil
            }
            let daily = try await poll("the city's daily AQI of \(dayBeforeText)") {
                try await cityDailyAQI(dayBeforeText)
            }
            reporter.say("indicators: \(hourly) hourly city AQIs; daily AQI \(daily)")
            guard daily <= 100 else { throw DemoError("a clean day should have an AQI ≤ 100, got \(daily)") }
        }

        let yesterdayText = ChinaLocalDate(containing: yesterday).description
        let heavy = try await reporter.step("A PM2.5 episode on \(yesterdayText) raises a heavy-pollution warning") {
            let hoursToNow = Int(currentHour.timeIntervalSince(yesterday) / 3600)
            // The water station keeps its last three hours back for the next step.
            try await send(
                Self.air.map { ($0.inPhase(.episode), yesterday, hoursToNow) } + [
                    (Self.water, yesterday, hoursToNow - 3)
                ],
                label: "hourly uploads from \(yesterdayText) 00:00 to the last full hour")
            let daily = try await poll("a daily AQI above 200 for \(yesterdayText)") { () -> Int? in
                guard let aqi = try await cityDailyAQI(yesterdayText), aqi > 200 else { return nil }
                return aqi
            }
            reporter.say("indicators: city daily AQI \(yesterdayText) = \(daily) (heavy pollution)")
            let breach = try await poll("an open heavy-pollution breach") {
                try await openBreach(kind: "heavy_pollution", scope: nil)
            }
            reporter.say("indicators: breach \(breach) (rule heavy-pollution, city daily AQI > 200)")
            let incident = try await poll("a heavy_pollution incident with a warning level") { () -> [String: Any]? in
                guard let incident = try await findIncident(type: "heavy_pollution", scope: nil),
                    let level = incident["level"] as? String, ["blue", "yellow", "orange", "red"].contains(level)
                else { return nil }
                return incident
            }
            reporter.say("emergency: \(describe(incident))")
            return incident
        }

        let water = try await reporter.step("The drinking-water source \(Self.water.mn) exceeds GB 3838 class III") {
            let mn = Self.water.mn
            try await http.write(
                "PATCH", url(indicators, "/v1/stations/\(mn)"), token: token,
                body: ["drinkingSource": "city", "name": Self.water.name])
            try await http.write(
                "PUT", url(emergency, "/v1/water-sources/\(mn)"), token: token,
                body: ["name": Self.water.name, "population": 650_000, "county": "430202"])
            reporter.say("indicators: \(mn) is a city drinking-water source; emergency: it serves 650 000 people")
            try await send(
                [(Self.water.inPhase(.contaminated), currentHour.addingTimeInterval(-3 * 3600), 3)],
                label: "hourly uploads with NH3-N ≈ 2.6 mg/L and COD ≈ 31 mg/L (class III: 1.0 and 20)")
            let breach = try await poll("an open drinking-water breach at \(mn)") {
                try await openBreach(kind: "drinking_water_source", scope: mn)
            }
            reporter.say("indicators: breach \(breach) (rule drinking-water-class-iii, 2 of 3 hours)")
            let incident = try await poll("a drinking_water_source incident") {
                try await findIncident(type: "drinking_water_source", scope: mn)
            }
            reporter.say("emergency: \(describe(incident))")
            guard incident["level"] as? String == "II" else {
                throw DemoError(
                    "a source serving 650 000 people should be level II, got \(incident["level"] ?? "none")")
            }
            return incident
        }

        let waste = try await reporter.step("A hazardous-waste manifest goes overdue") {
            let number = try await overdueManifest()
            let incident = try await poll("a waste_anomaly incident for \(number)") {
                try await findIncident(type: "waste_anomaly", scope: number)
            }
            reporter.say("emergency: \(describe(incident))")
            return incident
        }

        try await reporter.step("Notifications land in the mailbox, the webhook log and the CAP feed") {
            for incident in [heavy, water, waste] {
                try await checkNotifications(incident)
            }
            let mails = DemoInboxes.mails(at: mailbox)
            let hooks = DemoInboxes.webhooks(at: webhookLog)
            reporter.say("mailbox: \(mails.count) messages in \(mailbox)")
            for mail in mails.suffix(4) { reporter.say("  to \(mail.to): \(mail.subject)") }
            reporter.say("webhook log: \(hooks.count) requests in \(webhookLog)")
            let feed = try await poll("a CAP alert of each incident in the notifier's feed") { () -> String? in
                let feed = try await http.get(url(notifier, "/v1/cap/feed"), token: token).text
                let ids = [heavy, water, waste].compactMap { $0["id"] as? Int }
                return ids.allSatisfy { feed.contains("greenheart.incident.\($0).") } ? feed : nil
            }
            let alerts = feed.components(separatedBy: "<entry").count - 1
            reporter.say("CAP 1.2: \(alerts) alerts in the notifier's Atom feed (/v1/cap/feed)")
        }
        Console.line("demo passed in \(reporter.elapsed): every step checked.")
        Console.line("  read the e-mails:   mutt -f \(mailbox)   (or any text editor)")
        Console.line("  read the webhooks:  \(webhookLog)   (one JSON request per line)")
    }

    // MARK: - Steps' parts

    /// Sends hourly uploads for each (station, first hour, hours) over HJ 212, printing progress.
    private func send(_ runs: [(DemoStation, Date, Int)], label: String) async throws {
        let total = runs.reduce(0) { $0 + max(0, $1.2) }
        let done = Mutex(0)
        let reporter = reporter
        reporter.say("sending \(total) \(label)")
        let unfinished = await withTaskGroup(of: Int.self) { group in
            for (station, first, hours) in runs where hours > 0 {
                let plan = DevicePlan(
                    host: host, port: hj212Port, hours: hours, first: first, rate: daySeconds > 0 ? 24 / daySeconds : 0,
                    badCRC: 0, disconnect: 0, late: 0,
                    ackTimeout: .seconds(5), giveUp: timeout)
                var device = SimulatedDevice(station: station, plan: plan)
                device.acknowledged = { _ in
                    let count = done.withLock { count in
                        count += 1
                        return count
                    }
                    if count % max(1, total / 4) == 0 || count == total {
                        reporter.say("  \(count)/\(total) acknowledged (9014)")
                    }
                }
                group.addTask { await device.run().unfinished }
            }
            return await group.reduce(0, +)
        }
        guard unfinished == 0 else { throw DemoError("\(unfinished) stations could not deliver their uploads") }
    }

    /// The city's daily AQI of a local date, if indicators has one.
    private func cityDailyAQI(_ date: String) async throws -> Int? {
        let entries = try await http.get(
            url(indicators, "/v1/aqi/city?report=daily&from=\(date)&to=\(date)"), token: token
        )
        .objects
        return entries.first { $0["date"] as? String == date }?["aqi"] as? Int
    }

    /// The id of an open breach of `kind` (and scope id), if any.
    private func openBreach(kind: String, scope: String?) async throws -> String? {
        let breaches = try await http.get(url(indicators, "/v1/breaches?open=true"), token: token).objects
        for breach in breaches {
            guard let opened = breach["opened"] as? [String: Any], opened["kind"] as? String == kind else { continue }
            if let scope, (opened["scope"] as? [String: Any])?["id"] as? String != scope { continue }
            return (opened["breachId"] as? String) ?? "\(breach["id"] ?? "?")"
        }
        return nil
    }

    /// The newest open incident of `type` (and scope id), if any.
    private func findIncident(type: String, scope: String?) async throws -> [String: Any]? {
        let incidents = try await http.get(url(emergency, "/v1/incidents?type=\(type)"), token: token).objects
        return incidents.first { incident in
            incident["closed"] as? Bool != true && (scope == nil || incident["scopeId"] as? String == scope)
        }
    }

    /// `#3 drinking_water_source level II: headline`.
    private func describe(_ incident: [String: Any]) -> String {
        "incident #\(incident["id"] ?? "?") \(incident["type"] ?? "?") level \(incident["level"] ?? "?"): "
            + "\(incident["headline"] ?? "")"
    }

    /// Registers the demo enterprises, drafts, submits and picks up a manifest whose disposal deadline
    /// is seconds away, and waits for the manifests service to find it overdue. Returns its number.
    private func overdueManifest() async throws -> String {
        let consignor = Self.uscc("91430200MA4L00001")
        let carrier = Self.uscc("91430200MA4L00002")
        let receiver = Self.uscc("91430200MA4L00003")
        let base = url(manifests, "")
        let year = ChinaLocalDate(containing: Date()).year
        let until = "\(year + 1)-12-31"
        for (uscc, name, role) in [
            (consignor, "株洲示范冶炼厂 (demo consignor)", "consignor"), (carrier, "湘运危货 (demo carrier)", "carrier"),
            (receiver, "株洲危废处置中心 (demo receiver)", "receiver"),
        ] {
            try await http.write(
                "POST", base + "/v1/enterprises", token: token,
                body: ["uscc": uscc, "name": name, "county": "430202", "roles": [role]])
        }
        try await http.write(
            "POST", base + "/v1/enterprises/\(receiver)/receiver-licences", token: token,
            body: [
                "number": "HN-HW-DEMO-01", "validFrom": "2020-01-01", "validUntil": until,
                "annualCapacityTonnes": "5000",
                "permittedCodes": [Self.wasteCode],
            ])
        try await http.write(
            "POST", base + "/v1/enterprises/\(carrier)/carrier-licences", token: token,
            body: ["number": "湘交运管危 DEMO-01", "validFrom": "2020-01-01", "validUntil": until])
        let plate = "湘B20001"
        try await http.write(
            "POST", base + "/v1/enterprises/\(carrier)/vehicles", token: token,
            body: ["plate": plate, "permitNumber": "DG-DEMO-01", "validUntil": until])
        reporter.say("manifests: consignor, carrier (vehicle \(plate)) and licensed receiver registered")
        // The disposal deadline is the draft's own, real field: 30 days by default, seconds here.
        let deadline = Date().addingTimeInterval(8)
        let draft = try await http.write(
            "POST", base + "/v1/manifests", token: "dev-consignor",
            body: [
                "reference": "DEMO-\(Int(Date().timeIntervalSince1970))", "carrierUscc": carrier,
                "receiverUscc": receiver,
                "vehiclePlate": plate, "disposalDeadline": BusTime.format(deadline),
                "lines": [
                    [
                        "code": Self.wasteCode, "form": "solid", "packaging": "吨袋", "pieces": 10,
                        "plannedQuantity": "2.5",
                        "unit": "t",
                    ]
                ],
            ])
        guard let number = draft.object["number"] as? String else {
            throw DemoError("no manifest number in \(draft.text)")
        }
        try await http.write(
            "POST", base + "/v1/manifests/\(number)/submit", token: "dev-consignor", body: ["signer": "张三"])
        try await http.write(
            "POST", base + "/v1/manifests/\(number)/pickup", token: "dev-carrier",
            body: ["signer": "李四", "driver": "王五"])
        reporter.say(
            "manifest \(number): 2.5 t of \(Self.wasteCode) picked up; disposal due \(BusTime.format(deadline))")
        let anomaly = try await poll("a disposal_overdue anomaly for \(number)") { () -> [String: Any]? in
            try await http.get(base + "/v1/anomalies", token: token).objects.first {
                $0["number"] as? String == number && $0["kind"] as? String == "disposal_overdue"
            }
        }
        reporter.say("manifests: anomaly disposal_overdue: \(anomaly["detail"] ?? "")")
        return number
    }

    /// Waits until the notifier delivered at least one e-mail and one webhook about `incident`, then
    /// checks every delivered one is in the sink's files.
    private func checkNotifications(_ incident: [String: Any]) async throws {
        guard let id = incident["id"] as? Int else { throw DemoError("incident without id") }
        let delivered = try await poll("an e-mail and a webhook delivered for incident #\(id)") {
            () -> [[String: Any]]? in
            let deliveries = try await http.get(
                url(notifier, "/v1/deliveries?incident=\(id)&state=delivered"), token: token
            )
            .objects
            let kinds = Set(deliveries.compactMap { $0["kind"] as? String })
            return kinds.isSuperset(of: ["email", "webhook"]) ? deliveries : nil
        }
        let mails = DemoInboxes.mails(at: mailbox)
        let hooks = DemoInboxes.webhooks(at: webhookLog)
        let headline = incident["headline"] as? String ?? ""
        for delivery in delivered {
            let target = delivery["target"] as? String ?? ""
            switch delivery["kind"] as? String {
            case "email":
                guard mails.contains(where: { $0.to == target && $0.subject.contains(headline) }) else {
                    throw DemoError(
                        "notifier delivered an e-mail to \(target) about #\(id), but it is not in \(mailbox)")
                }
            case "webhook":
                let key = delivery["idempotencyKey"] as? String ?? ""
                guard hooks.contains(where: { $0["idempotencyKey"] as? String == key }) else {
                    throw DemoError("notifier delivered webhook \(key), but it is not in \(webhookLog)")
                }
            default: continue
            }
        }
        let departments = Set(delivered.compactMap { $0["departmentId"] as? String }).sorted()
        reporter.say(
            "#\(id) \(incident["type"] ?? ""): \(delivered.count) deliveries to \(departments.joined(separator: ", ")), "
                + "each found in the sink")
    }

    /// Polls `check` every 250 ms until it returns a value, or fails after the timeout.
    @discardableResult
    private func poll<T>(_ what: String, _ check: () async throws -> T?) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastError: (any Error)?
        while true {
            do {
                if let value = try await check() { return value }
            } catch {
                lastError = error
            }
            guard clock.now < deadline else {
                throw DemoError(
                    "timed out after \(DemoReporter.seconds(timeout)) waiting for \(what)"
                        + (lastError.map { " (last error: \($0))" } ?? ""))
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// A unified social credit code from its first 17 characters (GB 32100 check character).
    static func uscc(_ body: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(body, weights).reduce(0) { $0 + (alphabet.firstIndex(of: $1.0) ?? 0) * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }
}
