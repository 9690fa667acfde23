/// Exact parsing of Swedish and international amount spellings into öre (Int64), never through Double.
public enum Amount {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case empty, invalid, tooManyDecimals, overflow
        /// `12.500` in a ledger whose decimal is a comma by default: a dot before three digits may be a thousands
        /// separator (12 500) or a decimal point (12,50), and a figure 1 000 times off is not a guess to make.
        case ambiguousDot
        /// `12,500` in such a ledger: the comma may be a thousands separator (12 500, as `1,234,567` in the same
        /// column reads) or the decimal comma (12,50).
        case ambiguousComma
        /// A sign or code of another currency than the line's (the ledger's, unless the line names its own), as written.
        case otherCurrency(String)
        public var description: String {
            switch self {
            case .empty: return "missing amount"
            case .invalid: return "amount does not parse"
            case .otherCurrency(let c): return "amount in another currency than the line's ('\(c)')"
            case .tooManyDecimals: return "amount has more than two decimals"
            case .overflow: return "amount is beyond ±\(Amount.limitKronorText) kr"
            case .ambiguousDot:
                return "a dot before three digits may be a thousands separator or a decimal point: say which with "
                    + "--decimal (or [input] decimal in spend.toml, or decimal in a profile's [format])"
            case .ambiguousComma:
                return "a comma before three digits may be a thousands separator or a decimal comma: say which with "
                    + "--decimal (or [input] decimal in spend.toml, or decimal in a profile's [format])"
            }
        }
    }

    /// The largest amount of one row, in öre: ±10^15 kr. A larger amount is a reject of its row, so that 92
    /// rows at the limit still add up in Int64 and a sum that does not is an error, never a wrapped figure.
    public static let limitOre: Int64 = 100_000_000_000_000_000
    /// The same limit in whole kronor, for settings and reference tables (avtalstak, handling cost, threshold).
    public static let limitKronor: Int64 = 1_000_000_000_000_000
    public static let limitKronorText = "1 000 000 000 000 000"

    /// A setting in whole kronor (handling cost, direct-award threshold) as öre, or nil when it is negative or
    /// beyond `limitKronor`.
    public static func settingOre(kronor: Int64) -> Int64? {
        (0...limitKronor).contains(kronor) ? kronor * 100 : nil
    }

    /// Parses `1234,56` `1 234,56` `1.234,56` `1234.56` `1,234.56` `-1234,56` `1234,56-` `−1234,56` and integers,
    /// with `currency`'s sign or code before or after (`£1,234.56`, `1 234,56 kr`, `-GBP 12`) and a negative amount
    /// in parentheses (`(1 234,56)`, `£(12.00)`). A lone separator followed by exactly three digits is a thousands
    /// separator when it is not `decimal`. An amount beyond ±`limitOre` is `.overflow`; another currency's sign
    /// is `.otherCurrency`.
    /// - Complexity: O(n), no allocation; the affixes are looked for only when the text does not start and end
    ///   like a plain number.
    /// `separatorIsAmbiguous` (a ledger whose decimal comma is only the default): a lone dot or comma before three
    /// digits and no other separator is `.ambiguousDot` or `.ambiguousComma`, neither thousands nor decimals.
    public static func parseOre(
        _ s: UnsafeBufferPointer<UInt8>, decimal: UInt8 = UInt8(ascii: ","),
        currency: Currency = .sek, separatorIsAmbiguous: Bool = false
    ) -> Result<Int64, Failure> {
        if let v = plainOre(s, decimal: decimal) { return .success(v) }
        return parseAny(s, decimal: decimal, currency: currency, separatorIsAmbiguous: separatorIsAmbiguous)
    }

    /// The ledgers' usual form, `-?digits` (or `9 999`) with `decimal` and two decimals or none (`22032,16`,
    /// `-150`), in one pass; nil for any other text, which `parseAny` reads. The two agree wherever this one answers (a test).
    @inline(__always) static func plainOre(_ s: UnsafeBufferPointer<UInt8>, decimal: UInt8) -> Int64? {
        let n = s.count
        guard n > 0, n <= 18 else { return nil }  // at most 18 digits: below 10^18, no wrap
        let negative = s[0] == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        var v: Int64 = 0
        let start = i
        while i < n, case let d = s[i] &- 0x30, d < 10 { v = v * 10 + Int64(d); i += 1 }
        guard i > start else { return nil }
        if i < n && s[i] == 0x20 {
            // Thousands in groups of three after one blank each (`9 999,99`), the first group of one to three.
            guard i - start <= 3 else { return nil }
            while i < n && s[i] == 0x20 {
                guard i + 3 < n else { return nil }
                for k in i + 1...i + 3 {
                    let d = s[k] &- 0x30
                    guard d < 10 else { return nil }
                    v = v * 10 + Int64(d)
                }
                i += 4
            }
        }
        guard v < limitOre / 100 else { return nil }  // below 10^15 kronor, so the öre below cannot wrap
        if i == n {
            v *= 100
        } else {
            guard i + 3 == n, s[i] == decimal, case let a = s[i + 1] &- 0x30, a < 10, case let b = s[i + 2] &- 0x30, b < 10
            else { return nil }
            v = v * 100 + Int64(a) * 10 + Int64(b)
        }
        guard v <= limitOre else { return nil }
        return negative ? -v : v
    }

    /// `parseOre` for every form it reads.
    static func parseAny(
        _ s: UnsafeBufferPointer<UInt8>, decimal: UInt8, currency: Currency, separatorIsAmbiguous: Bool = false
    ) -> Result<Int64, Failure> {
        var lo = 0, hi = s.count
        while lo < hi && isBlank(s, lo) { lo += blankWidth(s, lo) }
        while hi > lo && (s[hi - 1] == 0x20 || s[hi - 1] == 0x09) { hi -= 1 }
        if lo == hi { return .failure(.empty) }
        var outer: Bool?  // the sign an affix or parentheses gave, nil when none did
        let signWidth = isSign(s, lo) ? (s[lo] == 0xE2 ? 3 : 1) : 0
        var afterSign = lo + signWidth
        while signWidth > 0 && afterSign < hi && isBlank(s, afterSign) { afterSign += blankWidth(s, afterSign) }
        let plainStart = isDigit(s[lo]) || (signWidth > 0 && afterSign < hi && isDigit(s[afterSign]))
        let plainEnd = isDigit(s[hi - 1]) || (s[hi - 1] == UInt8(ascii: "-") && !endsInColonDash(s, lo, hi))
        if !plainStart || !plainEnd {
            switch affixes(s, &lo, &hi, currency) {
            case .success(let negative): outer = negative
            case .failure(let f): return .failure(f)
            }
            if lo == hi { return .failure(.invalid) }
        }
        // `1 500,-` and `12.-`: whole kronor, as `12:-` is; the dash after the decimal sign is no minus.
        if hi - lo >= 3 && s[hi - 1] == UInt8(ascii: "-") && isDigit(s[hi - 3])
            && (s[hi - 2] == UInt8(ascii: ",") || s[hi - 2] == UInt8(ascii: "."))
        {
            hi -= 2
        }
        var negative = false, leadingSign = false
        if s[lo] == UInt8(ascii: "-") || s[lo] == UInt8(ascii: "+") {
            negative = s[lo] == UInt8(ascii: "-"); lo += 1; leadingSign = true
            if outer == true { return .failure(.invalid) }
        } else if hi - lo >= 3 && s[lo] == 0xE2 && s[lo + 1] == 0x88 && s[lo + 2] == 0x92 {
            negative = true; lo += 3; leadingSign = true
            if outer == true { return .failure(.invalid) }
        }
        if !negative && hi > lo && s[hi - 1] == UInt8(ascii: "-") {
            if leadingSign { return .failure(.invalid) }  // `+5,00-`: two signs that disagree
            if outer == true { return .failure(.invalid) }
            negative = true; hi -= 1
            while hi > lo && s[hi - 1] == 0x20 { hi -= 1 }
        }
        negative = negative || outer == true
        while lo < hi && isBlank(s, lo) { lo += blankWidth(s, lo) }
        // Find the last '.' or ',' and decide whether it is the decimal point.
        var lastSep = -1, commas = 0, dots = 0
        var i = lo
        while i < hi {
            let c = s[i]
            if c == UInt8(ascii: ",") {
                commas += 1; lastSep = i
            } else if c == UInt8(ascii: ".") {
                dots += 1; lastSep = i
            }
            i += 1
        }
        var decimalAt = -1
        if lastSep >= 0 {
            let c = s[lastSep]
            let sameCount = c == UInt8(ascii: ",") ? commas : dots
            let otherCount = c == UInt8(ascii: ",") ? dots : commas
            let digitsAfter = hi - lastSep - 1
            if separatorIsAmbiguous && otherCount == 0 && sameCount == 1 && digitsAfter == 3 && c == UInt8(ascii: ",") {
                // Ambiguous only where the comma could group thousands: one to three digits before it, the first not
                // 0 (`1234,500`, `0,125` and `1 234,500` can only hold decimals).
                var groups = lastSep - lo >= 1 && lastSep - lo <= 3 && s[lo] != UInt8(ascii: "0")
                for k in lo..<lastSep where !isDigit(s[k]) { groups = false }
                if groups { return .failure(.ambiguousComma) }
            }
            if otherCount > 0 || (sameCount == 1 && !(digitsAfter == 3 && c != decimal)) {
                decimalAt = lastSep
            } else if separatorIsAmbiguous && sameCount == 1 && c == UInt8(ascii: ".") {
                return .failure(.ambiguousDot)
            }
            if otherCount > 0 && sameCount > 1 { return .failure(.invalid) }
        }
        var units: Int64 = 0
        var frac: Int64 = 0
        var fracDigits = 0
        var digits = 0
        var groupDigits = -1  // digits since the last thousands separator, -1 before the first
        i = lo
        while i < hi {
            let c = s[i]
            if c >= 0x30 && c <= 0x39 {
                let d = Int64(c - 0x30)
                if decimalAt >= 0 && i > decimalAt {
                    if fracDigits >= 2 { if d != 0 { return .failure(.tooManyDecimals) } } else { frac = frac * 10 + d }
                    fracDigits += 1
                } else {
                    let (m, o1) = units.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(d)
                    if o1 || o2 { return .failure(.overflow) }
                    units = a; digits += 1
                    if groupDigits >= 0 { groupDigits += 1 }
                }
                i += 1
            } else if i == decimalAt {
                if groupDigits >= 0 && groupDigits != 3 { return .failure(.invalid) }
                groupDigits = -1
                i += 1
            } else if (c == UInt8(ascii: ",") || c == UInt8(ascii: ".") || isBlank(s, i))
                && (decimalAt < 0 || i < decimalAt)
            {
                // thousands separator: must follow 1–3 digits and be followed by groups of exactly three
                if digits == 0 || (groupDigits >= 0 && groupDigits != 3) || (groupDigits < 0 && digits > 3) {
                    return .failure(.invalid)
                }
                groupDigits = 0
                i += isBlank(s, i) ? blankWidth(s, i) : 1
            } else {
                return .failure(.invalid)
            }
        }
        if groupDigits >= 0 && groupDigits != 3 { return .failure(.invalid) }
        if digits == 0 && fracDigits == 0 { return .failure(.invalid) }
        if fracDigits == 1 { frac *= 10 }
        let (m, o1) = units.multipliedReportingOverflow(by: 100)
        let (v, o2) = m.addingReportingOverflow(frac)
        if o1 || o2 || v > limitOre { return .failure(.overflow) }
        return .success(negative ? -v : v)
    }

    public static func parseOre(_ s: String, decimal: UInt8 = UInt8(ascii: ","), currency: Currency = .sek) -> Result<
        Int64, Failure
    > {
        var s = s
        return s.withUTF8 { parseOre($0, decimal: decimal, currency: currency) }
    }

    /// Strips what stands around the number in `s[lo..<hi]`: a sign with the currency after it (`-£12`), the
    /// currency before or after (`£12`, `12 kr`), parentheses (`(12)`, `£(12)`, `(£12)`, `(12) kr`); returns
    /// whether the amount is negative by them. Blanks in between are dropped.
    private static func affixes(_ s: UnsafeBufferPointer<UInt8>, _ lo: inout Int, _ hi: inout Int, _ c: Currency)
        -> Result<Bool, Failure>
    {
        func trim() {
            while lo < hi && isBlank(s, lo) { lo += blankWidth(s, lo) }
            while hi > lo && (s[hi - 1] == 0x20 || s[hi - 1] == 0x09) { hi -= 1 }
            while hi - lo >= 2 && s[hi - 2] == 0xC2 && s[hi - 1] == 0xA0 { hi -= 2 }
        }
        /// Takes the currency at the start or the end; another currency there is the failure.
        func currency() -> Failure? {
            guard lo < hi else { return nil }
            if !isDigit(s[lo]) && s[lo] != UInt8(ascii: "(") && !isSign(s, lo) {
                let n = c.affix(s, at: lo, end: hi, atEnd: false)
                if n > 0 { lo += n; trim(); return nil }
                if let f = c.foreign(s, at: lo, end: hi, atEnd: false) { return .otherCurrency(f) }
            }
            if lo < hi && !isDigit(s[hi - 1]) && s[hi - 1] != UInt8(ascii: ")")
                && (s[hi - 1] != UInt8(ascii: "-") || endsInColonDash(s, lo, hi))
            {
                let n = c.affix(s, at: hi, end: hi, atEnd: true)
                if n > 0 { hi -= n; trim(); return nil }
                if let f = c.foreign(s, at: hi, end: hi, atEnd: true) { return .otherCurrency(f) }
            }
            return nil
        }
        var negative: Bool?
        // A sign before the currency: `-£12`, `− 12 kr` is left to the number.
        if isSign(s, lo) {
            let w = s[lo] == 0xE2 ? 3 : 1
            var k = lo + w
            while k < hi && isBlank(s, k) { k += blankWidth(s, k) }
            let n = k < hi && !isDigit(s[k]) ? c.affix(s, at: k, end: hi, atEnd: false) : 0
            if n > 0 {
                negative = s[lo] != UInt8(ascii: "+")
                lo = k + n
                trim()
            }
        }
        let before = (lo, hi)
        if negative == nil, let f = currency() { return .failure(f) }
        let stripped = (lo, hi) != before || negative != nil
        if lo < hi && s[lo] == UInt8(ascii: "(") {
            guard hi - lo >= 2, s[hi - 1] == UInt8(ascii: ")"), negative == nil else { return .failure(.invalid) }
            lo += 1; hi -= 1
            trim()
            negative = true
            if !stripped, let f = currency() { return .failure(f) }
        } else if !stripped && negative == nil {
            return .success(false)
        }
        return .success(negative ?? false)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `12:-`, the Swedish way of writing whole kronor.
    @inline(__always) static func endsInColonDash(_ s: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
        hi - lo >= 2 && s[hi - 1] == UInt8(ascii: "-") && s[hi - 2] == UInt8(ascii: ":")
    }

    /// A `-`, `+` or U+2212 at `i`.
    @inline(__always) static func isSign(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = s[i]
        return c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
            || (c == 0xE2 && i + 2 < s.count && s[i + 1] == 0x88 && s[i + 2] == 0x92)
    }

    @inline(__always)
    static func isBlank(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool { blankWidth(s, i) > 0 }

    /// Width of a space, U+00A0 or U+202F at `i`, else 0.
    @inline(__always)
    static func blankWidth(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let c = s[i]
        if c == 0x20 { return 1 }
        if c == 0xC2 && i + 1 < s.count && s[i + 1] == 0xA0 { return 2 }
        if c == 0xE2 && i + 2 < s.count && s[i + 1] == 0x80 && s[i + 2] == 0xAF { return 3 }
        return 0
    }

    /// Formats öre as `1234.56` (JSON) or with a decimal comma, no thousands separators.
    public static func plain(_ ore: Int64, separator: Character = ".") -> String {
        let neg = ore < 0
        let m = ore.magnitude
        let frac = m % 100
        return "\(neg ? "-" : "")\(m / 100)\(separator)\(frac < 10 ? "0" : "")\(frac)"
    }
}
