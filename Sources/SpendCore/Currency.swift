import Foundation

/// The currency a ledger is kept in (`[format] currency`, default SEK): every amount of a run is in it, every output
/// names it, and its symbol or code may stand before or after an amount (`£1,234.56`, `1 234,56 kr`, `GBP 12.00`).
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// ISO 4217 code, upper case: `SEK`, `GBP`.
    public let code: String
    /// What may stand before or after an amount in this currency, as bytes (ASCII letters compared case-blind).
    let affixes: [[UInt8]]

    public init?(code raw: String) {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        self.code = code
        affixes = ([code] + (Currency.symbols[code] ?? [])).map { Array($0.utf8) }.sorted { $0.count > $1.count }
    }

    public static let sek = Currency(code: "SEK")!
    /// Currencies whose amounts are written with a decimal point (`1,234.50`): a profile in one of them reads `.` as
    /// the decimal unless it says otherwise; the others (SEK, NOK, DKK, EUR) a comma.
    public static let decimalPoint: Set<String> = [
        "GBP", "USD", "AUD", "CAD", "NZD", "CHF", "JPY", "CNY", "HKD", "SGD", "INR", "IEP",
    ]

    /// Symbols besides the code, by code.
    static let symbols: [String: [String]] = [
        "SEK": ["kr", "kr.", ":-"], "NOK": ["kr", "kr."], "DKK": ["kr", "kr."], "ISK": ["kr"],
        "GBP": ["£"], "EUR": ["€"], "USD": ["$", "US$"], "CHF": ["Fr."], "JPY": ["¥"], "PLN": ["zł"],
    ]

    /// The unit after a whole amount in report text: `kr` for kronor, else the code (`26 400 000 GBP`).
    public var unit: String { code == "SEK" ? "kr" : code }

    /// The suffix of an amount column in CSV tables: `belopp_sek`, `belopp_gbp`.
    public var columnSuffix: String { code.lowercased() }

    public var description: String { code }

    /// Every affix of every currency known here, with its code, longest first (so `US$` wins over `$`).
    static let known: [(affix: [UInt8], code: String)] = symbols.flatMap { code, list in
        ([code] + list).map { (Array($0.utf8), code) }
    }
    .sorted { a, b in
        if a.affix.count != b.affix.count { return a.affix.count > b.affix.count }
        return a.code != b.code ? a.code < b.code : a.affix.lexicographicallyPrecedes(b.affix)
    }

    /// The length of an affix of this currency that `s[i...]` starts with (`atEnd`: that `s[..<i]` ends with), or 0.
    func affix(_ s: UnsafeBufferPointer<UInt8>, at i: Int, end: Int, atEnd: Bool) -> Int {
        for a in affixes where Currency.matches(a, s, i, end, atEnd) { return a.count }
        return 0
    }

    /// Another currency's sign or code standing there (`€`, `USD`, `kr` in a ledger in pounds), as written, or nil.
    func foreign(_ s: UnsafeBufferPointer<UInt8>, at i: Int, end: Int, atEnd: Bool) -> String? {
        for (a, c) in Currency.known where c != code && Currency.matches(a, s, i, end, atEnd) {
            let lo = atEnd ? i - a.count : i
            return String(decoding: UnsafeBufferPointer(rebasing: s[lo..<lo + a.count]), as: UTF8.self)
        }
        // Three capital letters not known here are another currency's code too.
        let lo = atEnd ? i - 3 : i
        guard lo >= 0, lo + 3 <= end, atEnd ? lo > 0 : lo + 3 < end,
            (lo..<lo + 3).allSatisfy({ s[$0] >= 0x41 && s[$0] <= 0x5A })
        else { return nil }
        let outside = atEnd ? lo - 1 : lo + 3
        if outside >= 0 && outside < end && Currency.isLetter(s[outside]) { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: s[lo..<lo + 3]), as: UTF8.self)
    }

    /// Whether `a` stands at `i` (or ends at `i` with `atEnd`), not run together with a letter beyond it.
    private static func matches(_ a: [UInt8], _ s: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, _ atEnd: Bool)
        -> Bool
    {
        let lo = atEnd ? i - a.count : i
        guard lo >= 0, lo + a.count <= end else { return false }
        for k in 0..<a.count {
            let x = s[lo + k], y = a[k]
            if x != y && !(isLetter(y) && x | 0x20 == y | 0x20) { return false }
        }
        // `kr12` and `12kr` are fine, `krona` is not an affix.
        guard isLetter(a[atEnd ? 0 : a.count - 1]) else { return true }
        let outside = atEnd ? lo - 1 : lo + a.count
        return outside < 0 || outside >= end || !isLetter(s[outside])
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
}
