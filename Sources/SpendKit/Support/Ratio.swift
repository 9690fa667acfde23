/// An exact fraction, printed rounded (half away from zero) only at the edges.
public struct Ratio: Sendable, Comparable {
    public var num: Int64
    public var den: Int64
    public init(_ n: Int64, _ d: Int64) { num = n; den = d }

    /// Rounded to `decimals` places (half away from zero) as a scaled integer (e.g. 0.14203 → 1420 for 4), exact
    /// for any numerator and denominator; a value beyond Int64 (a change against a near-zero base) is clamped.
    public func scaled(_ decimals: Int) -> Int64 {
        guard den != 0 else { return 0 }
        let negative = (num < 0) != (den < 0)
        guard let m = Ratio.mulDiv(num.magnitude, UInt64(pow10(decimals)), den.magnitude) else {
            return negative ? -.max : .max
        }
        return negative ? -Int64(m) : Int64(m)
    }

    /// `a × b ÷ c` rounded half up, through a 128-bit product so nothing overflows; nil when the result is over Int64.max.
    static func mulDiv(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64? {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        guard c > 0, hi < c else { return nil }
        var (q, r) = c.dividingFullWidth((hi, lo))
        guard q <= UInt64(Int64.max) else { return nil }
        if r >= c - r { q += 1 }
        return q <= UInt64(Int64.max) ? q : nil
    }

    /// Whether `a × b < c × d`, exactly (128-bit products).
    static func productLess(_ a: Int64, _ b: Int64, than c: Int64, _ d: Int64) -> Bool {
        let x = a.multipliedFullWidth(by: b), y = c.multipliedFullWidth(by: d)
        return (x.high, x.low) < (y.high, y.low)
    }

    public static func < (a: Ratio, b: Ratio) -> Bool {
        Double(a.num) / Double(max(a.den, 1)) < Double(b.num) / Double(max(b.den, 1))
    }
}

/// 10^n as Int64.
func pow10(_ n: Int) -> Int64 {
    var p: Int64 = 1
    for _ in 0..<n { p *= 10 }
    return p
}
