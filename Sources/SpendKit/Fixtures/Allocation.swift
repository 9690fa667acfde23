/// Splits whole amounts exactly: the parts always sum to the total (largest remainder).
enum Allocation {
    /// Splits `total` (öre, any sign) by `weights` into integers that sum to `total`; ties to the lower index.
    /// - Complexity: O(n log n).
    static func split(_ total: Int64, weights: [Double]) -> [Int64] {
        let sum = weights.reduce(0, +)
        guard sum > 0, !weights.isEmpty else { return weights.map { _ in 0 } }
        let exact = weights.map { Double(total) * $0 / sum }
        var parts = exact.map { Int64($0.rounded(.down)) }
        var rest = total - parts.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(parts[$0]), -$0) > (exact[$1] - Double(parts[$1]), -$1) }
        var k = 0
        while rest > 0 { parts[order[k % order.count]] += 1; rest -= 1; k += 1 }
        while rest < 0 { parts[order[order.count - 1 - k % order.count]] -= 1; rest += 1; k += 1 }
        return parts
    }
}

/// A seeded SplitMix64: the same seed gives the same data set on every machine.
struct FixtureRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
}

/// A Luhn-valid ten-digit number from nine digits.
func withLuhn(_ nine: String) -> String {
    var sum = 0
    for (i, c) in nine.enumerated() {
        var v = Int(String(c))! * (i % 2 == 0 ? 2 : 1)
        if v > 9 { v -= 9 }
        sum += v
    }
    return nine + String((10 - sum % 10) % 10)
}
