import Domain
import Foundation
import Testing

/// Suite: GB 3838 units, section class and drinking-water sources.
@Suite("GB 3838 units, section class and drinking-water sources")
struct GB3838AssessmentTests {
    /// Checks: Total phosphorus uses the river or lake/reservoir limits.
    @Test("Total phosphorus uses the river or lake/reservoir limits")
    func phosphorusByWaterBody() throws {
        // Given
        let measurement = SurfaceWaterMeasurement(.totalPhosphorus, dec("0.05"))

        // When
        let river = try GB3838Classifier.classify(measurement, waterBody: .river)
        let lake = try GB3838Classifier.classify(measurement, waterBody: .lakeOrReservoir)

        // Then
        #expect(river.waterClass == .classII)
        #expect(lake.waterClass == .classIII)
    }

    /// Checks: Values in µg/L (HJ 212's default for metals) are converted exactly to mg/L.
    @Test("Values in µg/L (HJ 212's default for metals) are converted exactly to mg/L")
    func microgramsConverted() throws {
        // Given
        let mercury = SurfaceWaterMeasurement(.mercury, dec("0.05"), unit: .microgramsPerLitre)
        let cadmium = SurfaceWaterMeasurement(.cadmium, dec("5.1"), unit: .microgramsPerLitre)

        // When
        let mercuryResult = try GB3838Classifier.classify(mercury, waterBody: .river)
        let cadmiumResult = try GB3838Classifier.classify(cadmium, waterBody: .river)

        // Then
        #expect(mercuryResult.value == dec("0.00005"))
        #expect(mercuryResult.waterClass == .classI)
        #expect(cadmiumResult.waterClass == .classV)
    }

    /// Checks: A unit that cannot be converted is an error, not a guess.
    @Test("A unit that cannot be converted is an error, not a guess")
    func incompatibleUnit() {
        // Given
        let wrong = SurfaceWaterMeasurement(.pH, 7, unit: .milligramsPerLitre)

        // Then
        #expect(throws: GB3838Error.incompatibleUnit(.pH, .milligramsPerLitre)) {
            try GB3838Classifier.classify(wrong, waterBody: .river)
        }
    }

    /// Checks: Water temperature and Table 2 items have no class; negative values are rejected.
    @Test("Water temperature and Table 2 items have no class; negative values are rejected")
    func notClassifiable() {
        #expect(throws: GB3838Error.notClassifiable(.waterTemperature)) {
            try GB3838Classifier.classify(SurfaceWaterMeasurement(.waterTemperature, 20), waterBody: .river)
        }
        #expect(throws: GB3838Error.notClassifiable(.iron)) {
            try GB3838Classifier.classify(SurfaceWaterMeasurement(.iron, dec("0.1")), waterBody: .river)
        }
        #expect(throws: GB3838Error.invalidValue(.ammoniaNitrogen)) {
            try GB3838Classifier.classify(SurfaceWaterMeasurement(.ammoniaNitrogen, -1), waterBody: .river)
        }
    }

    /// Checks: Dissolved oxygen reaches class I at 7.5 mg/L or at 90 % saturation.
    @Test("Dissolved oxygen reaches class I at 7.5 mg/L or at 90 % saturation")
    func dissolvedOxygenSaturation() throws {
        // Given
        let measurement = SurfaceWaterMeasurement(.dissolvedOxygen, dec("7.0"))

        // When
        let byConcentration = try GB3838Classifier.classify(measurement, waterBody: .river)
        let bySaturation = try GB3838Classifier.classify(
            measurement, waterBody: .river,
            dissolvedOxygenSaturationPercent: 90)
        let belowSaturation = try GB3838Classifier.classify(
            measurement, waterBody: .river,
            dissolvedOxygenSaturationPercent: dec("89.9"))

        // Then
        #expect(byConcentration.waterClass == .classII)
        #expect(bySaturation.waterClass == .classI)
        #expect(belowSaturation.waterClass == .classII)
    }

    /// Checks: Exceedance multiple over class III is (C − C_III) / C_III, and never for pH or DO.
    @Test("Exceedance multiple over class III is (C − C_III) / C_III, and never for pH or DO")
    func exceedanceMultiple() throws {
        // When
        let ammonia = try GB3838Classifier.classify(
            SurfaceWaterMeasurement(.ammoniaNitrogen, dec("2.5")), waterBody: .river)
        let atLimit = try GB3838Classifier.classify(SurfaceWaterMeasurement(.ammoniaNitrogen, 1), waterBody: .river)
        let oxygen = try GB3838Classifier.classify(SurfaceWaterMeasurement(.dissolvedOxygen, 1), waterBody: .river)
        let acid = try GB3838Classifier.classify(SurfaceWaterMeasurement(.pH, 4), waterBody: .river)

        // Then
        #expect(ammonia.classIIIExceedanceMultiple == dec("1.5"))
        #expect(ammonia.waterClass == .worseThanV)
        #expect(atLimit.classIIIExceedanceMultiple == nil)
        #expect(oxygen.classIIIExceedanceMultiple == nil)
        #expect(acid.classIIIExceedanceMultiple == nil)
    }

    /// Checks: Section class is the worst factor, with every factor that decided it.
    @Test("Section class is the worst factor, with every factor that decided it")
    func sectionWorstFactor() throws {
        // Given
        let measurements = [
            SurfaceWaterMeasurement(.pH, dec("7.4")),
            SurfaceWaterMeasurement(.dissolvedOxygen, dec("5.5")),
            SurfaceWaterMeasurement(.permanganateIndex, dec("4.5")),
            SurfaceWaterMeasurement(.ammoniaNitrogen, dec("0.3")),
            SurfaceWaterMeasurement(.totalPhosphorus, dec("0.15")),
            SurfaceWaterMeasurement(.totalNitrogen, dec("3.0")),
            SurfaceWaterMeasurement(.fecalColiforms, 50000),
            SurfaceWaterMeasurement(.waterTemperature, 18),
        ]

        // When
        let section = try GB3838Classifier.assessSection(measurements, waterBody: .river)

        // Then
        #expect(section.sectionClass == .classIII)
        #expect(section.decidingFactors == [.dissolvedOxygen, .permanganateIndex, .totalPhosphorus])
        #expect(section.excludedFactors == [.totalNitrogen, .fecalColiforms, .waterTemperature])
        #expect(section.standard == "GB 3838—2002")
    }

    /// Checks: With every basic item in scope, faecal coliforms can decide the class; TN only on lakes.
    @Test("With every basic item in scope, faecal coliforms can decide the class; TN only on lakes")
    func sectionAllBasicItems() throws {
        // Given
        let measurements = [
            SurfaceWaterMeasurement(.ammoniaNitrogen, dec("0.3")),
            SurfaceWaterMeasurement(.totalNitrogen, dec("3.0")),
            SurfaceWaterMeasurement(.fecalColiforms, 50000),
        ]

        // When
        let river = try GB3838Classifier.assessSection(measurements, waterBody: .river, scope: .allBasicItems)
        let lake = try GB3838Classifier.assessSection(measurements, waterBody: .lakeOrReservoir, scope: .allBasicItems)

        // Then
        #expect(river.sectionClass == .worseThanV)
        #expect(river.decidingFactors == [.fecalColiforms])
        #expect(river.excludedFactors == [.totalNitrogen])
        #expect(lake.decidingFactors == [.totalNitrogen, .fecalColiforms])
    }

    /// Checks: A section with nothing evaluable has no class.
    @Test("A section with nothing evaluable has no class")
    func emptySection() throws {
        // When
        let section = try GB3838Classifier.assessSection([], waterBody: .river)

        // Then
        #expect(section.sectionClass == nil)
        #expect(section.decidingFactors.isEmpty)
    }

    /// Checks: Drinking-water source: class III limits and Table 2 limits, at the limit and just above.
    @Test(
        "Drinking-water source: class III limits and Table 2 limits, at the limit and just above",
        arguments: [
            (SurfaceWaterFactor.sulfate, "250", "250.1"), (.chloride, "250", "250.1"),
            (.nitrate, "10", "10.01"), (.iron, "0.3", "0.301"), (.manganese, "0.1", "0.101"),
            (.ammoniaNitrogen, "1.0", "1.001"), (.chemicalOxygenDemand, "20", "20.1"),
            (.fecalColiforms, "10000", "10001"),
        ])
    func drinkingWaterLimits(_ factor: SurfaceWaterFactor, _ atLimit: String, _ above: String) throws {
        // When
        let passing = try GB3838Classifier.assessDrinkingWaterSource(
            [SurfaceWaterMeasurement(factor, dec(atLimit))], waterBody: .river)
        let failing = try GB3838Classifier.assessDrinkingWaterSource(
            [SurfaceWaterMeasurement(factor, dec(above))], waterBody: .river)

        // Then
        #expect(passing.isCompliant)
        #expect(!failing.isCompliant)
        #expect(failing.nonCompliantFactors == [factor])
    }

    /// Checks: Drinking-water source: DO must be at least 5 mg/L.
    @Test("Drinking-water source: DO must be at least 5 mg/L")
    func drinkingWaterOxygen() throws {
        // When
        let passing = try GB3838Classifier.assessDrinkingWaterSource(
            [SurfaceWaterMeasurement(.dissolvedOxygen, 5)], waterBody: .lakeOrReservoir)
        let failing = try GB3838Classifier.assessDrinkingWaterSource(
            [SurfaceWaterMeasurement(.dissolvedOxygen, dec("4.99"))], waterBody: .lakeOrReservoir)

        // Then
        #expect(passing.isCompliant)
        #expect(failing.nonCompliantFactors == [.dissolvedOxygen])
    }

    /// Checks: Drinking-water source lists the supplementary items not supplied.
    @Test("Drinking-water source lists the supplementary items not supplied")
    func drinkingWaterMissing() throws {
        // When
        let result = try GB3838Classifier.assessDrinkingWaterSource(
            [
                SurfaceWaterMeasurement(.iron, dec("0.2")), SurfaceWaterMeasurement(.waterTemperature, 20),
                SurfaceWaterMeasurement(.totalNitrogen, 5),
            ], waterBody: .river)

        // Then
        #expect(result.isCompliant)
        #expect(result.missingSupplementaryFactors == [.sulfate, .chloride, .nitrate, .manganese])
        #expect(result.excludedFactors == [.waterTemperature, .totalNitrogen])
    }

    /// Checks: Water temperature: weekly mean maximum rise ≤ 1 °C and fall ≤ 2 °C.
    @Test("Water temperature: weekly mean maximum rise ≤ 1 °C and fall ≤ 2 °C")
    func waterTemperatureChange() {
        #expect(GB3838Classifier.waterTemperatureChangeIsAllowed(weeklyMeanMaximumRise: 1, weeklyMeanMaximumFall: 2))
        #expect(
            !GB3838Classifier.waterTemperatureChangeIsAllowed(
                weeklyMeanMaximumRise: dec("1.1"), weeklyMeanMaximumFall: 0))
        #expect(
            !GB3838Classifier.waterTemperatureChangeIsAllowed(
                weeklyMeanMaximumRise: 0, weeklyMeanMaximumFall: dec("2.1")))
    }

    /// Checks: Factor keys are HJ 212 water codes.
    @Test(
        "Factor keys are HJ 212 water codes",
        arguments: [
            (SurfaceWaterFactor.pH, "w01001"), (.dissolvedOxygen, "w01009"), (.ammoniaNitrogen, "w21003"),
            (.totalPhosphorus, "w21011"), (.permanganateIndex, "w01019"), (.fecalColiforms, "w02003"),
        ])
    func hj212Codes(_ factor: SurfaceWaterFactor, _ code: String) {
        #expect(factor.hj212Code == code)
        #expect(SurfaceWaterFactor(hj212Code: code) == factor)
    }

    /// Checks: Class labels and descriptions.
    @Test("Class labels and descriptions")
    func classLabels() {
        #expect(SurfaceWaterClass.worseThanV.chineseName == "劣Ⅴ类")
        #expect(SurfaceWaterClass.classII.chineseQualityDescription == "优")
        #expect(SurfaceWaterClass.classIII.isClassIIIOrBetter)
        #expect(!SurfaceWaterClass.classIV.isClassIIIOrBetter)
        #expect(SurfaceWaterClass.classI < .worseThanV)
    }
}
