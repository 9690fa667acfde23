/// Formatting of numbers, shares and text, Swedish and machine style: used by every stage, so it sits at the
/// bottom; the money spellings that need `Amount` and `Currency` are in `Ingest/Fmt+Money.swift`.
public enum Fmt {
    /// A share as a JSON fraction with four decimals: `0.1420`.
    public static func share(_ r: Ratio) -> String {
        let v = r.scaled(4)
        let m = v.magnitude
        let s = "\(m / 10000).\(String(repeating: "0", count: 4 - String(m % 10000).count))\(m % 10000)"
        return v < 0 ? "-" + s : s
    }

    /// `163,0 miljoner kr` style: millions with `decimals` places.
    public static func millions(_ ore: Int64, decimals: Int = 1) -> String {
        decimal(Ratio(ore, 100_000_000), decimals: decimals)
    }

    /// Millions with one decimal, or two when one would round away a figure (`163,0`, `23,15`, `3,75`).
    public static func millionsExact(_ ore: Int64) -> String {
        ore % 10_000_000 == 0 ? millions(ore, decimals: 1) : millions(ore, decimals: 2)
    }

    /// A ratio with a decimal comma: `25,9`.
    public static func decimal(_ r: Ratio, decimals: Int) -> String {
        decimal(scaled: r.scaled(decimals), decimals: decimals)
    }

    /// A number given in units of its last decimal (`259`, 1 → `25,9`).
    public static func decimal(scaled v: Int64, decimals: Int) -> String {
        let m = v.magnitude
        let p = UInt64(pow10(decimals))
        let whole = group(Int64(clamping: m / p))
        let frac =
            decimals == 0 ? "" : "," + String(repeating: "0", count: decimals - String(m % p).count) + String(m % p)
        return (v < 0 ? "−" : "") + whole + frac
    }

    /// `14,2 %` from a ratio.
    public static func percent(_ r: Ratio, decimals: Int = 1) -> String {
        decimal(scaled: r.scaled(decimals + 2), decimals: decimals) + "\u{A0}%"
    }

    /// Thousands grouped by non-breaking spaces: `50 000`.
    public static func group(_ v: Int64) -> String {
        let digits = String(v.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append("\u{A0}") }
            out.append(ch)
        }
        return (v < 0 ? "−" : "") + out
    }

    /// Text for HTML and XML: cleaned (`clean`), `& < > " '` escaped, and the noncharacters XML 1.0 forbids dropped.
    public static func markup(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in clean(s).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if u.value >= 0x20 ? (u.value != 0xFFFE && u.value != 0xFFFF) : (u == "\t" || u == "\n" || u == "\r") {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}
