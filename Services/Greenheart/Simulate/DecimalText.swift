/// Fixed-point decimal text for simulated values, without `String(format:)`, which costs the
/// simulator more than the rest of a packet.
enum DecimalText {
    /// `value` rounded to `decimals` places (half away from zero), e.g. `35.2`, `-0.04`, `7`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let whole = String(scaled / scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + whole }
        let fraction = String(scaled % scale)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
