import Foundation

/// How a GB 3838 basic item's limits are read, with its class I–V limits.
public enum GB3838Criterion: Sendable, Hashable, Codable {
    /// Upper limits ("≤"), class I to V in order; a value equal to a limit meets it.
    case atMost([Decimal])
    /// Lower limits ("≥", dissolved oxygen), class I to V in order; a value equal to a limit meets it.
    case atLeast([Decimal])
    /// One inclusive range for every class (pH 6–9): inside is class I, outside is worse than V.
    case within(lower: Decimal, upper: Decimal)

    /// The best class a value meets: the lowest-numbered class whose limit it satisfies, else worse than V.
    public func classify(_ value: Decimal) -> SurfaceWaterClass {
        switch self {
        case .atMost(let limits):
            return firstClass(in: limits) { value <= $0 }
        case .atLeast(let limits):
            return firstClass(in: limits) { value >= $0 }
        case .within(let lower, let upper):
            return (lower...upper).contains(value) ? .classI : .worseThanV
        }
    }

    /// The limit stated for one class, nil for the pH range and for worse than V.
    public func limit(for waterClass: SurfaceWaterClass) -> Decimal? {
        guard let index = SurfaceWaterClass.limitedClasses.firstIndex(of: waterClass) else { return nil }
        switch self {
        case .atMost(let limits), .atLeast(let limits):
            return index < limits.count ? limits[index] : nil
        case .within:
            return nil
        }
    }

    /// The first class whose limit passes the test, or worse than V.
    private func firstClass(in limits: [Decimal], passing test: (Decimal) -> Bool) -> SurfaceWaterClass {
        for (waterClass, limit) in zip(SurfaceWaterClass.limitedClasses, limits) where test(limit) {
            return waterClass
        }
        return .worseThanV
    }
}
