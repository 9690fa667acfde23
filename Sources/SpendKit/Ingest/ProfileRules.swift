import Foundation

/// One `[[exclude]]` of a profile: rows whose column value (or account) it names are excluded with its reason and
/// listed in `excluded.csv`, never counted as spend or as rejects (VAT, tax-authority and suspense lines).
public struct ExcludeRule: Sendable {
    /// What the values are looked for in: a canonical field, or a header (alternatives, folded).
    public enum Target: Sendable { case field(Field), column([String]) }
    public var target: Target?
    /// Values, folded to upper case; one ending in `*` is a prefix.
    public var values: [String] = []
    /// Account patterns, as in the rule table (`2640-2649`, `D9*`), on the account as the profile reads it.
    public var accounts: [AccountPattern] = []
    public var reason: String

    /// Whether the rule holds: its value condition on `value` (the target column's trimmed text) and its account
    /// condition on `account`. A rule whose column the file lacks never holds.
    func holds(value: String?, account: String) -> Bool {
        if target != nil {
            guard let value else { return false }
            let v = value.uppercased()
            guard values.contains(where: { $0.hasSuffix("*") ? v.hasPrefix($0.dropLast()) : v == $0 }) else {
                return false
            }
        }
        if !accounts.isEmpty && !accounts.contains(where: { $0.matches(account) }) { return false }
        return true
    }
}

/// A profile's `[status]`: the status values that count and those excluded (listed); any other is a reject.
public struct StatusRule: Sendable {
    /// Upper case.
    public var ok: Set<String>
    public var excluded: Set<String>
}

/// Supplier ids that are not identities (`[format] supplier_id_ignore`, a regular expression on the id as written,
/// e.g. per-payment composites `20000000_46281108`; `supplier_key = "name"`): such a row's supplier is its name.
public struct SupplierIDRule: @unchecked Sendable {
    public var byName = false
    public var ignore: NSRegularExpression?
    public var ignoreSource = ""

    public init() {}

    /// Whether the id as written is to be left out.
    func ignores(_ raw: String) -> Bool {
        if byName { return true }
        guard let ignore, !raw.isEmpty else { return false }
        return ignore.firstMatch(in: raw, range: NSRange(raw.startIndex..., in: raw)) != nil
    }
}
