import BusTesting
import Domain
import Foundation
import Testing

@testable import Indicators

@Suite("HTTP API")
struct APITests {
    @Test("rules CRUD: viewers read, only admins write; bad input is a 400 problem")
    func rulesCRUD() async throws {
        let harness = try BusHarness()
        try await harness.withApp { client in
            let list = try await send(client, .get, "/v1/rules", token: "dev-transport")
            #expect(list.status == .ok)
            #expect(try decode([ThresholdRule].self, list.body).count == 5)
            let body =
                #"{"id":"noise-night","name":"夜间噪声","kind":"custom","scopeKind":"kind","scopeValue":"noise","factor":"LAeq","window":"1h","comparator":">","limit":"55","clearLimit":"50","requiredCount":2,"windowCount":3}"#
            #expect(try await send(client, .post, "/v1/rules", token: "dev-transport", json: body).status == .forbidden)
            #expect(try await send(client, .post, "/v1/rules", token: nil, json: body).status == .unauthorized)
            let created = try await send(client, .post, "/v1/rules", json: body)
            #expect(created.status == .created)
            #expect(try decode(ThresholdRule.self, created.body).windowCount == 3)
            #expect(try await send(client, .post, "/v1/rules", json: body).status == .conflict)
            let bad =
                #"{"name":"x","kind":"custom","scopeKind":"kind","factor":"x","window":"1h","comparator":">","limit":"abc"}"#
            #expect(try await send(client, .post, "/v1/rules", json: bad).status == .badRequest)
            #expect(try await send(client, .post, "/v1/rules", json: "{not json").status == .badRequest)
            let replaced = try await send(
                client, .put, "/v1/rules/noise-night", json: body.replacingOccurrences(of: "\"55\"", with: "\"60\""))
            #expect(try decode(ThresholdRule.self, replaced.body).limitValue == "60")
            #expect(try await send(client, .delete, "/v1/rules/noise-night").status == .noContent)
            #expect(try await send(client, .get, "/v1/rules/noise-night").status == .notFound)
        }
    }

    @Test("the plan's 28 indicators; a target edit keeps who, when and why; entered values show")
    func planIndicators() async throws {
        let harness = try BusHarness()
        try await harness.withApp { client in
            let list = try decode([PlanIndicatorView].self, try await send(client, .get, "/v1/plan/indicators").body)
            #expect(list.count == 28)
            #expect(list.first { $0.indicator.number == 9 }?.indicator.target == "35")
            let edit = #"{"target":"33","reason":"省里下达的2025年目标"}"#
            #expect(
                try await send(client, .put, "/v1/plan/indicators/9/target", token: "dev-water", json: edit).status
                    == .forbidden)
            #expect(try await send(client, .put, "/v1/plan/indicators/9/target", json: edit).status == .ok)
            let value = #"{"period":"2025","value":"63.5","sourceDocument":"株洲市林业局公报"}"#
            #expect(
                try await send(client, .post, "/v1/plan/indicators/12/values", token: "dev-water", json: value).status
                    == .created)
            let history = try decode(
                PlanHistory.self, try await send(client, .get, "/v1/plan/indicators/9/history").body)
            #expect(history.targetEdits.first?.previousTarget == "35")
            #expect(history.targetEdits.first?.target == "33")
            #expect(history.targetEdits.first?.editedBy == "bureau")
            #expect(history.targetEdits.first?.reason == "省里下达的2025年目标")
            let forest = try decode(PlanIndicatorView.self, try await send(client, .get, "/v1/plan/indicators/12").body)
            #expect(forest.value == "63.5")
            #expect(forest.source == "entered")
            #expect(forest.status == "no-target")
            #expect(try await send(client, .get, "/v1/plan/indicators/99").status == .notFound)
        }
    }

    @Test("#9, #10, #17 and #18 are computed from the city AQI and manifest completions")
    func computedIndicators() async throws {
        let harness = try StoreHarness()
        for hour in 0..<24 {
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-10", hour), World.air(pm25: "30")))
            try await harness.absorb(
                World.payload(World.airA, at: World.hour("2026-03-11", hour), World.air(pm25: "120")))
        }
        try await harness.store.writer.write { db in
            let figures = ManifestCompletionPayload.Figures(
                year: 2026, county: "430202", hazardousTonnes: "4", hazardousUtilisedTonnes: "1",
                hazardousDisposedTonnes: "2",
                medicalTonnes: "2", medicalTreatedTonnes: "2")
            try harness.store.recordCompletion(manifest: "20264302000001", figures: figures, at: Date(), db: db)
        }
        let views = try await harness.store.planIndicators(now: World.hour("2026-03-12", 9))
        let pm25 = try #require(views.first { $0.indicator.number == 9 })
        #expect(pm25.value == "75")
        #expect(pm25.status == "at-risk")
        #expect(views.first { $0.indicator.number == 10 }?.value == "50")
        #expect(views.first { $0.indicator.number == 17 }?.value == "75")
        #expect(views.first { $0.indicator.number == 18 }?.value == "100")
        #expect(views.first { $0.indicator.number == 18 }?.status == "on-track")
        let year = try await harness.store.yearToDate(scope: "city:430200", year: 2026)
        #expect(year.pollutants.first { $0.pollutant == "PM2.5" }?.value == "75")
        #expect(year.pollutants.first { $0.pollutant == "PM2.5" }?.validity == "insufficientData")  // 2 of 324 days
        #expect(year.daysWithAQI == 2)
        #expect(year.goodDays == 1)
        #expect(year.goodDayShare == "50")
        let history = try #require(try await harness.store.planHistory(number: 10))
        #expect(history.computed == [ComputedValue(period: "2026", value: "50")])
    }

    @Test("a water section's monthly class is its worst factor, with the deciding factor")
    func waterSection() async throws {
        let harness = try BusHarness(clock: World.hour("2026-03-20", 9))
        for (hour, nh3, cod) in [(0, "0.4", "12"), (1, "0.6", "14")] {
            try await harness.store.writer.write { db in
                try harness.store.absorb(
                    World.payload(
                        World.section, kind: "water", at: World.hour("2026-03-10", hour),
                        [
                            World.value("w21003", nh3), World.value("w01018", cod),
                        ]), db: db)
            }
        }
        try await harness.withApp { client in
            let reply = try await send(
                client, .get, "/v1/water/sections/\(World.section)?month=2026-03", token: "dev-water")
            #expect(reply.status == .ok)
            let month = try decode(SectionMonth.self, reply.body)
            #expect(month.waterClass == "II")  // NH3-N mean 0.5 → II; COD 13 → I
            #expect(month.decidingFactors == ["w21003"])
            #expect(try await send(client, .get, "/v1/water/sections/\(World.airA)").status == .notFound)
            #expect(
                try await send(client, .get, "/v1/aqi?station=\(World.section)&report=weekly").status == .badRequest)
            #expect(try await send(client, .get, "/v1/aqi?station=x&from=yesterday").status == .badRequest)
        }
    }

    @Test(
        "stations learned from events are edited by admins; a permit limit set over HTTP opens a breach listed as open")
    func registryAndBreaches() async throws {
        let harness = try BusHarness(clock: World.hour("2026-03-10", 6))
        try await harness.store.writer.write { db in
            try harness.store.absorb(
                World.payload(
                    World.plant, kind: "emission", at: World.hour("2026-03-10", 0),
                    [World.value("a21026", "50")]), db: db)
        }
        try await harness.withApp { client in
            let stations = try decode(
                [StationEntry].self, try await send(client, .get, "/v1/stations", token: "dev-transport").body)
            #expect(stations.map(\.mn) == [World.plant])
            #expect(stations.first?.inCity == false)
            let limit = #"{"limit":"100","unit":"mg/m³"}"#
            #expect(
                try await send(
                    client, .put, "/v1/stations/\(World.plant)/limits/a21026", token: "dev-water", json: limit
                ).status == .forbidden)
            let set = try await send(client, .put, "/v1/stations/\(World.plant)/limits/a21026", json: limit)
            #expect(try decode(StationEntry.self, set.body).permitLimits == ["a21026": "100"])
            #expect(
                try await send(client, .put, "/v1/stations/\(World.plant)/limits/a21026", json: #"{"limit":"-1"}"#)
                    .status == .badRequest)
            #expect(
                try await send(
                    client, .patch, "/v1/stations/\(World.plant)", json: #"{"name":"株洲冶炼厂","county":"430202"}"#
                ).status == .ok)
            #expect(try await send(client, .patch, "/v1/stations/nope", json: "{}").status == .notFound)
            #expect(
                try await send(client, .patch, "/v1/stations/\(World.plant)", json: #"{"drinkingSource":"sea"}"#).status
                    == .badRequest)
            for hour in 1...2 {
                try await harness.store.writer.write { db in
                    try harness.store.absorb(
                        World.payload(
                            World.plant, kind: "emission", at: World.hour("2026-03-10", hour),
                            [World.value("a21026", "150")]), db: db)
                }
            }
            let open = try decode(
                [BreachEntry].self, try await send(client, .get, "/v1/breaches?open=true", token: "dev-transport").body)
            let breach = try #require(open.first { $0.opened?.kind == .emissionExceedance })
            #expect(breach.open)
            #expect(breach.opened?.scope.id == World.plant)
            // The offline watcher ran at start on the injected clock (hour 6, data until hour 0) and fresh data cleared it
            let all = try decode([BreachEntry].self, try await send(client, .get, "/v1/breaches").body)
            #expect(all.contains { $0.opened?.kind == .stationOffline && !$0.open })
            #expect(try await send(client, .delete, "/v1/rules/emission-permit").status == .conflict)
            let completeness = try decode(
                [CompletenessEntry].self,
                try await send(client, .get, "/v1/stations/\(World.plant)/completeness?from=2026-03-10&to=2026-03-10")
                    .body)
            #expect(completeness.first?.validHours == 3)
        }
    }
}
