/// An amount scale for a chart: round steps (1, 2 or 5 × 10ⁿ öre), in mnkr, tkr or kr as the largest value asks
/// (millions, thousands or units of another currency: `tusen GBP`).
struct Axis {
    /// The scale's end, a whole number of steps at or above the largest value (öre).
    let top: Int64
    let step: Int64
    /// Öre per unit of `unit`.
    let per: Int64
    let unit: String

    init(max: Int64, ticks: Int, currency: Currency = .sek) {
        let m = Swift.max(max, 1)
        var step: Int64 = 1
        search: for p in sequence(first: Int64(1), next: { $0 <= Int64.max / 10 ? $0 * 10 : nil }) {
            for k: Int64 in [1, 2, 5] where p <= Int64.max / k {
                let s = k * p
                if (m - 1) / s + 1 <= Int64(ticks) { step = s; break search }
            }
        }
        self.step = step
        top = ((m - 1) / step + 1) * step
        let sek = currency == .sek, code = currency.code
        (per, unit) =
            top >= 100_000_000
            ? (100_000_000, sek ? "mnkr" : "miljoner \(code)")
            : top >= 100_000 ? (100_000, sek ? "tkr" : "tusen \(code)") : (100, sek ? "kr" : code)
    }

    /// 0, step, 2 step … top.
    var ticks: [Int64] { (0...(top / step)).map { $0 * step } }

    /// A tick's value in `unit`, with the decimals the step needs.
    func label(_ v: Int64) -> String {
        guard v != 0 else { return "0" }
        let decimals = step % per == 0 ? 0 : step % (per / 10) == 0 ? 1 : 2
        return Fmt.decimal(Ratio(v, per), decimals: decimals)
    }
}
