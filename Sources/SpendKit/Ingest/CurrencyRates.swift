import Foundation

/// Exchange rates to SEK (`valuta;datum;kurs`), the latest rate on or before a line's date applies.
public struct CurrencyRates: Sendable {
    /// Rate in millionths of a krona per unit, by currency, sorted by date.
    private var rates: [String: [(Day, Int64)]] = [:]

    public init(entries: [(currency: String, date: Day, microSEK: Int64)]) {
        for e in entries { rates[e.currency.uppercased(), default: []].append((e.date, e.microSEK)) }
        for k in rates.keys { rates[k]!.sort { $0.0 < $1.0 } }
    }

    /// A foreign amount in SEK, or why not.
    public enum Conversion: Equatable, Sendable {
        case ore(Int64)
        /// No rate on or before the line's day: a line dated before the currency's first rate is not converted at a
        /// later one without a word.
        case noRate
        /// The amount in SEK is beyond `Amount.limitOre`.
        case beyondLimit
    }

    /// Öre in a foreign currency as öre SEK at the latest rate on or before `day`, rounding half away from zero; the
    /// product in 128 bits, so any amount the parser reads converts exactly.
    public func conversion(_ amount: Int64, currency: String, on day: Day) -> Conversion {
        guard let list = rates[currency], let rate = list.last(where: { $0.0 <= day })?.1 else { return .noRate }
        let (high, low) = amount.magnitude.multipliedFullWidth(by: UInt64(rate))
        guard high < 1_000_000 else { return .beyondLimit }  // else the quotient would not fit in 64 bits
        var (q, r) = UInt64(1_000_000).dividingFullWidth((high, low))
        guard q <= UInt64(Amount.limitOre) else { return .beyondLimit }  // before rounding: q may be UInt64.max
        if r >= 500_000 { q += 1 }
        guard q <= UInt64(Amount.limitOre) else { return .beyondLimit }
        return .ore(amount < 0 ? -Int64(q) : Int64(q))
    }

    /// `conversion`'s öre, nil when there are none.
    public func convert(_ amount: Int64, currency: String, on day: Day) -> Int64? {
        if case .ore(let v) = conversion(amount, currency: currency, on: day) { return v }
        return nil
    }
}

extension CurrencyRates {
    /// Reads `valuta;datum;kurs` (kurs in SEK per unit, decimal comma or point, up to six decimals).
    public static func load(_ path: String) throws -> CurrencyRates {
        let t = try CSVTable.read(path)
        let idx = try t.requireHeader(["valuta", "datum", "kurs"])
        var entries: [(currency: String, date: Day, microSEK: Int64)] = []
        var seen: [String: (line: Int, rate: Int64)] = [:]
        for (line, f) in t.rows {
            func cell(_ c: String) -> String { let i = idx[c]!; return i < f.count ? f[i] : "" }
            let cur = cell("valuta").uppercased()
            guard cur.count == 3, cur.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw IngestError.malformed(
                    path: path, line: line, message: "valuta: '\(cell("valuta"))' is not a currency code")
            }
            guard let day = DateFormat.parse(cell("datum")) else {
                throw IngestError.malformed(path: path, line: line, message: "datum: '\(cell("datum"))' is not a date")
            }
            guard let rate = micro(cell("kurs")), rate > 0 else {
                throw IngestError.malformed(
                    path: path, line: line,
                    message: "kurs: '\(cell("kurs"))' is not a positive rate with at most six decimals")
            }
            // Two rates for one day contradict each other: which one a line takes would depend on the rows' order.
            if let first = seen.updateValue((line, rate), forKey: "\(cur) \(day)") {
                guard first.rate == rate else {
                    throw IngestError.malformed(
                        path: path, line: line,
                        message: "\(cur) has another rate for \(day) on line \(first.line): one rate a day")
                }
                continue
            }
            entries.append((cur, day, rate))
        }
        return CurrencyRates(entries: entries)
    }

    /// "10,4523" → 10 452 300 millionths, exactly.
    static func micro(_ s: String) -> Int64? {
        let parts = s.replacingOccurrences(of: ",", with: ".").split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]), whole >= 0, whole < 1_000_000 else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let d = parts[1]
            guard !d.isEmpty, d.count <= 6, d.allSatisfy(\.isNumber), let v = Int64(d) else { return nil }
            frac = v * [1, 100_000, 10_000, 1_000, 100, 10, 1][d.count]
        }
        return whole * 1_000_000 + frac
    }
}
