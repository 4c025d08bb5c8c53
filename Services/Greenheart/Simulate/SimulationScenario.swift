/// Which story the simulated data tells.
enum SimulationScenario: String, Sendable, CaseIterable {
    /// Diurnal curves only.
    case normal
    /// PM2.5 climbs day after day.
    case episode
    /// Afternoon rain washes PM out.
    case rain
    /// Ammonia and COD jump at half the water stations after the first day, oxygen drops.
    case waterContamination = "water-contamination"
    /// Flue-gas treatment off (SB1-RS=0) while production runs (SB2-RS=1), emissions soar.
    case facilityOff = "facility-off"
}
