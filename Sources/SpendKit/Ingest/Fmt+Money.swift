/// Money as text: amounts in öre spelt by `Amount`, in the units of a `Currency`.
extension Fmt {
    /// `1234.56` for JSON.
    public static func json(_ ore: Int64) -> String { Amount.plain(ore) }

    /// `1234,56` for CSV cells (decimal comma, no grouping so Excel reads a number).
    public static func csv(_ ore: Int64) -> String { Amount.plain(ore, separator: ",") }

    /// Whole kronor (or whole units of `currency`) with non-breaking thin grouping: `26 400 000 kr`, `1 200 GBP`.
    public static func kronor(_ ore: Int64, _ currency: Currency = .sek) -> String {
        let q = ore / 100, r = ore % 100  // rounded half away from zero without adding to `ore`, which may be near the limit
        return group(r >= 50 ? q + 1 : r <= -50 ? q - 1 : q) + "\u{A0}" + currency.unit
    }
}
