import Domain
import Foundation
import ServiceKit
import Testing

@testable import Manifests

@Suite("Catalogue, codes and calendar")
struct CatalogueTests {
    @Test("the 2021 list loads 467 codes in 46 categories, HW41–HW44 unused")
    func loadsTheWholeList() throws {
        // Given the list shipped with the service
        let catalogue = try WasteCatalogue.bundled()
        // Then it has every code and category
        #expect(catalogue.codes.count == 467)
        #expect(catalogue.categories.count == 46)
        #expect(!catalogue.categories.contains { $0.category == "HW41" })
        #expect(catalogue.categories.first?.category == "HW01")
        #expect(catalogue.categories.last?.category == "HW50")
        // And quoted descriptions with commas are read whole
        let solvent = try #require(catalogue.entry(for: "900-401-06"))
        #expect(solvent.description.contains("1,1-二氯乙烷"))
        #expect(solvent.characteristics == ["T", "I"])
    }

    @Test("medical waste (HW01) is flagged; codes are found with or without dashes")
    func medicalFlag() throws {
        let catalogue = try WasteCatalogue.bundled()
        let infectious = try #require(catalogue.entry(for: "84100101"))
        #expect(infectious.isMedical)
        #expect(infectious.characteristics == ["In"])
        #expect(catalogue.codes.filter(\.isMedical).count == 5)
        #expect(catalogue.entry(for: "900-041-49")?.isMedical == false)
    }

    @Test("unknown, retired and malformed codes are refused by name")
    func unknownCodes() throws {
        let harness = try Harness()
        for code in ["999-999-99", "900-000-41", "abc", "900-041-4"] {
            #expect(harness.store.catalogue.entry(for: code) == nil)
            do {
                _ = try harness.store.requireCode(code)
                Issue.record("\(code) accepted")
            } catch let problem as Problem {
                #expect(problem.status == .unprocessableContent)
                #expect(problem.title.contains(code))
            }
        }
    }

    @Test("unified social credit codes are checked (GB 32100-2015)")
    func usccCheckCharacter() {
        // Given a known-good public code
        #expect(USCC.isValid("91110000600037341L"))
        // Then a changed character is refused, as are letters outside the alphabet
        #expect(!USCC.isValid("91110000600037341M"))
        #expect(!USCC.isValid("9111000060003734IL"))
        #expect(!USCC.isValid("short"))
        #expect(USCC.isValid(World.consignor))
    }

    @Test("working days skip weekends and public holidays and count declared working weekends")
    func workingDays() throws {
        let calendar = try WorkingDayCalendar.bundled()
        // The 2026 Spring Festival: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb worked
        #expect(!calendar.isWorkingDay(try #require(ChinaLocalDate(year: 2026, month: 2, day: 16))))
        #expect(calendar.isWorkingDay(try #require(ChinaLocalDate(year: 2026, month: 2, day: 14))))
        #expect(calendar.isWorkingDay(try #require(ChinaLocalDate(year: 2026, month: 2, day: 28))))
        #expect(!calendar.isWorkingDay(try #require(ChinaLocalDate(year: 2026, month: 3, day: 1))))
        // Given a pick-up on Friday 13 Feb 2026 (local), the 5 working days are 14, 24, 25, 26, 27 Feb
        let pickUp = try #require(BusTime.parse("2026-02-13T03:00:00Z"))
        let due = calendar.deadline(afterWorkingDays: 5, from: pickUp)
        // Then the deadline is local midnight starting 28 Feb (= 27 Feb 16:00 UTC)
        #expect(BusTime.format(due) == "2026-02-27T16:00:00.000Z")
        // And an ordinary week: Monday 2 Mar → due at the start of Tuesday 10 Mar local
        let monday = World.start
        #expect(BusTime.format(calendar.deadline(afterWorkingDays: 5, from: monday)) == "2026-03-09T16:00:00.000Z")
    }

    @Test("exact decimals: only plain numbers parse, kilograms convert exactly")
    func decimals() {
        #expect(DecimalText.parse("1.5") == Decimal(string: "1.5"))
        #expect(DecimalText.parse("1.5abc") == nil)
        #expect(DecimalText.parse("1e3") == nil)
        #expect(DecimalText.parse("") == nil)
        #expect(DecimalText.format(MassUnit.kilogram.tonnes(Decimal(string: "2500") ?? 0)) == "2.5")
        #expect(DecimalText.format((DecimalText.parse("0.1") ?? 0) + (DecimalText.parse("0.2") ?? 0)) == "0.3")
    }

    @Test("the catalogue API finds codes and refuses unknown ones with 404")
    func catalogueAPI() async throws {
        let harness = try Harness()
        try await harness.withApp { api in
            let found = try await api.send(.get, "/v1/catalogue/841-001-01", token: "t-health")
            #expect(found.status == .ok)
            #expect(try found.decode(CatalogueEntry.self).medical)
            let missing = try await api.send(.get, "/v1/catalogue/999-999-99", token: "t-health")
            #expect(missing.status == .notFound)
            #expect(missing.problemTitle.contains("999-999-99"))
            let medical = try await api.send(.get, "/v1/catalogue?medical=true", token: "t-bureau")
            #expect(try medical.decode([CatalogueEntry].self).count == 5)
            #expect(try await api.send(.get, "/v1/catalogue", token: nil).status == .unauthorized)
        }
    }
}

@Suite("Configuration and tokens")
struct ConfigurationTests {
    @Test("manifests.* keys are read from their environment form, with documented defaults")
    func settingsKeys() {
        // Given no keys, the defaults hold
        let defaults = ManifestsSettings(reader: ServiceConfigReader.make(values: [:]))
        #expect(defaults.rules.transitLimit == 72 * 3600)
        #expect(defaults.rules.weightTolerance == Decimal(string: "0.1"))
        #expect(defaults.scanInterval == .seconds(60))
        // When set through the environment
        let set = ManifestsSettings(
            reader: ServiceConfigReader.make(values: [
                "MANIFESTS_TRANSIT_LIMIT_HOURS": "5", "MANIFESTS_WEIGHT_TOLERANCE_PERCENT": "3",
                "MANIFESTS_DISPOSAL_DAYS": "10", "MANIFESTS_ANOMALY_SCAN_SECONDS": "7",
                "MANIFESTS_CONFIRMATION_WORKING_DAYS": "4", "MANIFESTS_DEMO_ENTERPRISES": "false",
            ]))
        // Then every key is honoured
        #expect(set.rules.transitLimit == 5 * 3600)
        #expect(set.rules.weightTolerance == Decimal(string: "0.03"))
        #expect(set.rules.disposalDays == 10)
        #expect(set.rules.confirmationWorkingDays == 4)
        #expect(set.scanInterval == .seconds(7))
        #expect(!set.demoEnterprises)
    }

    @Test("enterprise tokens: department enterprise.<USCC>; demo tokens only with the development tokens")
    func enterpriseTokens() {
        // Given a caller whose department is enterprise.<USCC>
        #expect(
            Party(Caller(department: "enterprise.\(World.consignor)", role: .operator_)) == .enterprise(World.consignor)
        )
        #expect(Party(Caller(department: "bureau", role: .viewer)) == .bureau)
        #expect(Party(Caller(department: "police", role: .viewer)) == .roads("police"))
        #expect(Party(Caller(department: "water", role: .viewer)) == .other("water"))
        // And the demo tokens resolve in the TokenDirectory format
        let directory = TokenDirectory(entries: DemoEnterprises.hashedTokens, logger: .init(label: "test"))
        #expect(directory.caller(forToken: "dev-consignor")?.department == "enterprise.\(DemoEnterprises.consignor)")
        #expect(directory.caller(forToken: "dev-receiver")?.role == .operator_)
        #expect(USCC.isValid(DemoEnterprises.carrier))
    }
}
