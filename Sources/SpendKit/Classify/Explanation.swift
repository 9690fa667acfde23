/// `spend explain`: for a supplier, the rule behind each (account, text) combination and its spend; for a row,
/// every rule tried and why it did not match.
public enum Explanation {
    /// Plain-text explanation of a supplier's lines, combinations sorted by spend (descending), then account.
    public static func supplier(_ key: String, lines: [InvoiceLine], classifier: Classifier, currency: Currency = .sek)
        -> String
    {
        // Lines of one account and text classed apart (a name or id rule that holds on some of them) stay apart.
        struct Combo: Hashable { var account: String; var text: String; var rule: Int? }
        var spend: [Combo: Int64] = [:], count: [Combo: Int] = [:], result: [Combo: Classification] = [:]
        var names: [String: Int] = [:]
        for l in lines {
            let r = classifier.classify(RuleSubject(l))
            let c = Combo(
                account: l.account,
                text: l.confidential ? "(sekretess)" : (l.description.isEmpty ? l.accountText : l.description),
                rule: r.rule)
            spend[c, default: 0] += l.amount; count[c, default: 0] += 1
            if result[c] == nil { result[c] = r }
            names[l.supplierName, default: 0] += 1
        }
        let name = names.largestKey ?? ""
        var out = "supplier \(key) \(name): \(Fmt.count(lines.count, "line")), \(Fmt.kronor(spend.values.reduce(0, +), currency))\n"
        let combos = spend.keys.sorted {
            spend[$0]! != spend[$1]!
                ? spend[$0]! > spend[$1]!
                : ($0.account, $0.text, $0.rule ?? -1) < ($1.account, $1.text, $1.rule ?? -1)
        }
        for c in combos {
            let r = result[c]!
            let rule = r.rule.map { "rule line \(classifier.table.rules[$0].line)" } ?? "no rule"
            out +=
                "  konto \(c.account.isEmpty ? "-" : c.account) \"\(c.text)\": \(Fmt.count(count[c]!, "line")), \(Fmt.kronor(spend[c]!, currency)) → \(r.category) / \(r.subcategory) (\(rule))\n"
        }
        return out.replacingOccurrences(of: "\u{A0}", with: " ")
    }

    /// Plain-text trace of one row through the rule table.
    public static func row(_ l: InvoiceLine, position: String, classifier: Classifier, currency: Currency = .sek)
        -> String
    {
        let s = RuleSubject(l)
        var out =
            "\(position): \(s.supplier?.display ?? "(no id)") \(l.supplierName), konto \(l.account), \"\(l.confidential ? "(sekretess)" : (l.description.isEmpty ? l.accountText : l.description))\", \(Fmt.kronor(l.amount, currency))\n"
        var matched = false
        for (rule, failed) in classifier.explain(s) {
            if let failed {
                out += "  line \(rule.line) \(rule.category) / \(rule.subcategory): no, \(failed)\n"
            } else {
                out += "  line \(rule.line) \(rule.category) / \(rule.subcategory): MATCH\n"; matched = true
            }
        }
        if !matched { out += "  → \(RuleTable.unclassified)\n" }
        return out.replacingOccurrences(of: "\u{A0}", with: " ")
    }
}
