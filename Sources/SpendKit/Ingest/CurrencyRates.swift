import Foundation

/// Exchange rates to SEK (`valuta;datum;kurs`), the latest rate on or before a line's date applies.
public struct CurrencyRates: Sendable {
    /// Rate in millionths of a krona per unit, by currency, sorted by date.
    private var rates: [String: [(Day, Int64)]] = [:]

    public init(entries: [(currency: String, date: Day, microSEK: Int64)]) {
        for e in entries { rates[e.currency.uppercased(), default: []].append((e.date, e.microSEK)) }
        for k in rates.keys { rates[k]!.sort { $0.0 < $1.0 } }
    }

    /// Converts öre in a foreign currency to öre SEK at the latest rate on or before `day`, rounding half away from
    /// zero; nil (the line is rejected, "no exchange rate") when the table has no such rate: a line dated before the
    /// currency's first rate is not converted at a later one without a word.
    public func convert(_ amount: Int64, currency: String, on day: Day) -> Int64? {
        guard let list = rates[currency], let rate = list.last(where: { $0.0 <= day })?.1 else { return nil }
        let (p, o) = amount.multipliedReportingOverflow(by: rate)
        guard !o else { return nil }
        let q = p / 1_000_000, r = p % 1_000_000
        return q + (r.magnitude >= 500_000 ? (p < 0 ? -1 : 1) : 0)
    }
}

extension CurrencyRates {
    /// Reads `valuta;datum;kurs` (kurs in SEK per unit, decimal comma or point, up to six decimals).
    public static func load(_ path: String) throws -> CurrencyRates {
        let t = try CSVTable.read(path)
        let idx = try t.requireHeader(["valuta", "datum", "kurs"])
        var entries: [(currency: String, date: Day, microSEK: Int64)] = []
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
