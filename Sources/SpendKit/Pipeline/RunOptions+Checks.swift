import Foundation

/// The checks a setting passes whether it comes from `spend.toml` or from a flag, so both are equally strict;
/// `error(message)` makes the caller's error (a config line, or a usage error), both exit 64.
extension RunOptions {
    /// The largest direct-award threshold in kronor: far above any real one, far below where öre overflow.
    public static let maxThresholdKronor: Int64 = 1_000_000_000_000
    /// The largest handling cost per invoice in kronor: small enough that it times any count of invoices stays exact.
    public static let maxHandlingCostKronor: Int64 = 1_000_000

    /// A sum of whole kronor as öre: not negative and at most `limit` kronor.
    public static func checkKronor(_ n: Int64, key: String, limit: Int64 = maxThresholdKronor, error: (String) -> Error)
        throws -> Int64
    {
        guard n >= 0 else { throw error("\(key) must not be negative (\(n))") }
        guard n <= limit else { throw error("\(key): \(n) kr is more than the largest allowed, \(limit) kr") }
        return n * 100
    }

    /// Years to report: each between 1900 and 2199 (the years a date can have), repeats dropped, in order.
    public static func checkYears(_ years: [Int], key: String = "years", error: (String) -> Error) throws -> [Int] {
        for y in years where !(1900...2199).contains(y) {
            throw error("\(key): \(y) is not a year between 1900 and 2199")
        }
        return Array(Set(years)).sorted()
    }

    /// A fraction of rows (`max_rejects`): a number from 0 to 1.
    public static func checkFraction(_ f: Double, key: String, error: (String) -> Error) throws -> Double {
        guard f.isFinite, f >= 0, f <= 1 else { throw error("\(key) must be a fraction between 0 and 1") }
        return f
    }

    /// The amounts' decimal sign: `,` or `.`.
    public static func checkDecimal(_ s: String, error: (String) -> Error) throws -> UInt8 {
        guard s == "," || s == "." else { throw error("decimal must be \",\" or \".\"") }
        return s.utf8.first!
    }

    /// A path or name: not empty.
    public static func checkNonEmpty(_ s: String, key: String, error: (String) -> Error) throws -> String {
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("\(key) must be a non-empty string") }
        return s
    }

    /// Whether `rejected` of `read` rows is more than `maxRejects`. Compared in integers, with the limit read as
    /// the decimal it was written as (0.29 is 29/100), so exactly 29 % of the rows passes a limit of 0.29.
    public func tooManyRejects(rejected: Int, read: Int) -> Bool {
        let (num, den) = RunOptions.decimalFraction(maxRejects)
        let lhs = Int64(rejected).multipliedFullWidth(by: den), rhs = num.multipliedFullWidth(by: Int64(read))
        return (lhs.high, lhs.low) > (rhs.high, rhs.low)
    }

    /// A fraction from 0 to 1 as `num / den` with `den` a power of ten, from its shortest decimal spelling
    /// (the one `0.29` was typed as); beyond 18 decimals the digits are cut.
    static func decimalFraction(_ f: Double) -> (num: Int64, den: Int64) {
        guard f.isFinite, f > 0 else { return (0, 1) }
        var s = "\(f)", exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(s[s.index(after: e)...]) ?? 0
            s = String(s[..<e])
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = String(parts[0]) + fraction, scale = fraction.count - exponent
        while scale > 18 && !digits.isEmpty { digits.removeLast(); scale -= 1 }
        if scale < 0 { digits += String(repeating: "0", count: -scale); scale = 0 }
        var den: Int64 = 1
        for _ in 0..<scale { den *= 10 }
        return (Int64(digits) ?? 0, den)
    }

    /// The invoice files with globs expanded and a file named twice (`./a.csv` and `a.csv`, a link to it, two globs
    /// matching it) kept once, at its first place; `repeated` lists the names dropped, for a warning.
    public static func uniqueInputs(_ patterns: [String]) -> (paths: [String], repeated: [String]) {
        var seen = Set<String>(), named = Set<String>(), paths: [String] = [], repeated: [String] = []
        for p in Ingestor.expand(patterns) {
            guard named.insert(p).inserted else { repeated.append(p); continue }
            let real =
                realpath(p, nil).map { r in
                    defer { free(r) }; return String(cString: r)
                } ?? p
            if seen.insert(real).inserted { paths.append(p) } else { repeated.append(p) }
        }
        return (paths, repeated)
    }
}
