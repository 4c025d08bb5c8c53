import Foundation

/// GB 3838—2002 single-factor classification, section class and drinking-water-source compliance.
public enum GB3838Classifier: Sendable {
    /// The single-factor class of one basic item.
    ///
    /// A value equal to a limit meets that limit, and the lowest-numbered class it meets wins (COD 15
    /// is class I although I and II share 15). Dissolved oxygen is a lower limit; class I is also
    /// granted when `dissolvedOxygenSaturationPercent` is at least 90. pH inside 6–9 is class I and
    /// outside is worse than V.
    public static func classify(
        _ measurement: SurfaceWaterMeasurement, waterBody: WaterBodyKind,
        dissolvedOxygenSaturationPercent: Decimal? = nil
    ) throws(GB3838Error) -> SurfaceWaterFactorResult {
        let factor = measurement.factor
        guard let criterion = GB3838LimitTable.criterion(for: factor, waterBody: waterBody) else {
            throw GB3838Error.notClassifiable(factor)
        }
        let value = try standardValue(of: measurement)
        var waterClass = criterion.classify(value)
        if factor == .dissolvedOxygen, let saturation = dissolvedOxygenSaturationPercent,
            saturation >= GB3838LimitTable.dissolvedOxygenClassISaturationPercent
        {
            waterClass = .classI
        }
        var multiple: Decimal?
        if case .atMost = criterion, let limit = criterion.limit(for: .classIII), value > limit {
            multiple = (value - limit) / limit
        }
        return SurfaceWaterFactorResult(
            factor: factor, value: value, waterClass: waterClass,
            classIIIExceedanceMultiple: multiple)
    }

    /// A section's class: the worst single-factor class among the items in scope, with the deciding items.
    public static func assessSection(
        _ measurements: [SurfaceWaterMeasurement], waterBody: WaterBodyKind,
        scope: SurfaceWaterEvaluationScope = .routine,
        dissolvedOxygenSaturationPercent: Decimal? = nil
    ) throws(GB3838Error) -> SurfaceWaterSectionAssessment {
        var results: [SurfaceWaterFactorResult] = []
        var excluded: [SurfaceWaterFactor] = []
        for measurement in measurements {
            guard scope.includes(measurement.factor, waterBody: waterBody) else {
                excluded.append(measurement.factor)
                continue
            }
            results.append(
                try classify(
                    measurement, waterBody: waterBody,
                    dissolvedOxygenSaturationPercent: dissolvedOxygenSaturationPercent))
        }
        return SurfaceWaterSectionAssessment(
            waterBody: waterBody, scope: scope, factorResults: results,
            excludedFactors: excluded)
    }

    /// Drinking-water-source compliance: every supplied basic item at class III or better, every Table 2 item within its limit.
    ///
    /// Water temperature is not evaluated; total nitrogen only on lakes and reservoirs, where GB 3838 states it.
    public static func assessDrinkingWaterSource(
        _ measurements: [SurfaceWaterMeasurement], waterBody: WaterBodyKind,
        dissolvedOxygenSaturationPercent: Decimal? = nil
    ) throws(GB3838Error) -> DrinkingWaterSourceAssessment {
        var basic: [SurfaceWaterFactorResult] = []
        var supplementary: [DrinkingWaterSupplementaryResult] = []
        var excluded: [SurfaceWaterFactor] = []
        for measurement in measurements {
            if let limit = GB3838LimitTable.supplementaryLimit(for: measurement.factor) {
                let value = try standardValue(of: measurement)
                supplementary.append(
                    DrinkingWaterSupplementaryResult(factor: measurement.factor, value: value, limit: limit))
            } else if SurfaceWaterEvaluationScope.allBasicItems.includes(measurement.factor, waterBody: waterBody) {
                basic.append(
                    try classify(
                        measurement, waterBody: waterBody,
                        dissolvedOxygenSaturationPercent: dissolvedOxygenSaturationPercent))
            } else {
                excluded.append(measurement.factor)
            }
        }
        return DrinkingWaterSourceAssessment(
            waterBody: waterBody, basicResults: basic,
            supplementaryResults: supplementary, excludedFactors: excluded)
    }

    /// Whether a man-made water-temperature change is allowed: weekly mean maximum rise ≤ 1 °C and fall ≤ 2 °C.
    public static func waterTemperatureChangeIsAllowed(
        weeklyMeanMaximumRise rise: Decimal,
        weeklyMeanMaximumFall fall: Decimal
    ) -> Bool {
        rise <= GB3838LimitTable.waterTemperatureMaximumRise && fall <= GB3838LimitTable.waterTemperatureMaximumFall
    }

    /// The measurement in its factor's standard unit, rejecting impossible values.
    private static func standardValue(of measurement: SurfaceWaterMeasurement) throws(GB3838Error) -> Decimal {
        guard let value = measurement.unit.convert(measurement.value, to: measurement.factor.standardUnit) else {
            throw GB3838Error.incompatibleUnit(measurement.factor, measurement.unit)
        }
        guard !value.isNaN, value >= 0 else {
            throw GB3838Error.invalidValue(measurement.factor)
        }
        return value
    }
}
