import Foundation

/// Exchange rates to SEK (`valuta;datum;kurs`), the latest rate on or before a line's date applies.
public struct CurrencyRates: Sendable {
    /// Rate in millionths of a krona per unit, by currency, sorted by date.
    private var rates: [String: [(Day, Int64)]] = [:]

    public init(entries: [(currency: String, date: Day, microSEK: Int64)]) {
        for e in entries { rates[e.currency.uppercased(), default: []].append((e.date, e.microSEK)) }
        for k in rates.keys { rates[k]!.sort { $0.0 < $1.0 } }
    }

    /// Converts öre in a foreign currency to öre SEK, rounding half away from zero.
    public func convert(_ amount: Int64, currency: String, on day: Day) -> Int64? {
        guard let list = rates[currency], let rate = list.last(where: { $0.0 <= day })?.1 ?? list.first?.1 else { return nil }
        let (p, o) = amount.multipliedReportingOverflow(by: rate)
        guard !o else { return nil }
        let q = p / 1_000_000, r = p % 1_000_000
        return q + (r.magnitude >= 500_000 ? (p < 0 ? -1 : 1) : 0)
    }
}
