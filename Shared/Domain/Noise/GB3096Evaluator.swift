import Foundation

/// GB 3096—2008 compliance checks for equivalent and maximum sound levels.
public enum GB3096Evaluator: Sendable {
    /// How far a night-time sudden noise's maximum level may exceed the night limit, dB(A).
    public static let nightSuddenNoiseAllowance: Decimal = 15

    /// Checks an L_Aeq for a zone and period.
    public static func check(equivalentLevel: Decimal, zone: NoiseZoneClass, period: NoisePeriod)
        -> NoiseComplianceResult
    {
        NoiseComplianceResult(zoneClass: zone, period: period, equivalentLevel: equivalentLevel)
    }

    /// Checks an L_Aeq for a zone, taking the period from an instant inside the measurement (default 06:00–22:00 day).
    public static func check(
        equivalentLevel: Decimal, zone: NoiseZoneClass, at instant: Date,
        schedule: NoisePeriodSchedule = .standard
    ) -> NoiseComplianceResult {
        check(equivalentLevel: equivalentLevel, zone: zone, period: schedule.period(at: instant))
    }

    /// Whether a night-time sudden noise's maximum level stays within the night limit plus 15 dB(A).
    public static func nightSuddenNoiseIsCompliant(maximumLevel: Decimal, zone: NoiseZoneClass) -> Bool {
        maximumLevel <= zone.nightLimit + nightSuddenNoiseAllowance
    }

    /// Whether the no-train background level beside an existing railway trunk line meets day 70 / night 55 dB(A).
    public static func railwayBackgroundIsCompliant(equivalentLevel: Decimal, period: NoisePeriod) -> Bool {
        equivalentLevel <= railwayBackgroundLimit(for: period)
    }

    /// The background limit beside an existing railway trunk line: day 70, night 55 dB(A).
    public static func railwayBackgroundLimit(for period: NoisePeriod) -> Decimal {
        period == .day ? 70 : 55
    }
}
