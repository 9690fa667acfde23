/// Contracts that can apply to no line: the register names a category or subcategory that no rule gives.
extension ContractRegister {
    /// One warning per contract whose `kategori` (or `kategori` and `underkategori`) no rule of `rules` gives, with
    /// the rules' own spelling when only the case differs: such a contract silently counts no spend on contract.
    func unmatched(by rules: RuleTable) -> [String] {
        let categories = Set(rules.rules.map(\.category))
        let pairs = Set(rules.rules.map { $0.category + "\u{1F}" + $0.subcategory })
        func spelled(_ s: String, among all: [String]) -> String {
            Self.spelling(of: s, among: all).map { " (the rules write '\($0)')" } ?? ""
        }
        var out: [String] = []
        for c in contracts {
            if !categories.contains(c.category) {
                out.append(
                    "contract \(c.id): kategori '\(c.category)' is no category of the rules\(spelled(c.category, among: Array(categories).sorted())), so it applies to no line"
                )
            } else if !c.subcategory.isEmpty && !pairs.contains(c.category + "\u{1F}" + c.subcategory) {
                let subs = rules.rules.filter { $0.category == c.category }.map(\.subcategory)
                out.append(
                    "contract \(c.id): underkategori '\(c.subcategory)' is no subcategory of '\(c.category)' in the rules\(spelled(c.subcategory, among: subs.sorted())), so it applies to no line"
                )
            }
        }
        return out
    }

    /// One warning per `lead_time_months` key that no contract's `underkategori` is, with the register's own
    /// spelling when only the case differs: the default lead time then applies, silently.
    func unmatched(leadTimes: [String: Int]) -> [String] {
        let subs = Set(contracts.map(\.subcategory).filter { !$0.isEmpty })
        guard !subs.isEmpty else { return [] }
        return leadTimes.keys.sorted().filter { !subs.contains($0) }.map { key in
            let spelled = Self.spelling(of: key, among: subs.sorted()).map { " (the register writes '\($0)')" } ?? ""
            return "lead_time_months: '\(key)' is no contract's underkategori\(spelled), so it sets no lead time"
        }
    }

    /// One warning per contract whose `forlangning_till` lies before its `giltig_till`: its procurement is then
    /// planned from `giltig_till` (`Contract.lastDay`), which the analyst should know rather than guess.
    func extensionsBeforeEnd() -> [String] {
        contracts.compactMap { c in
            guard let e = c.extensionTo, e < c.to else { return nil }
            return "contract \(c.id): forlangning_till \(e) is before giltig_till \(c.to), so its procurement is planned from giltig_till"
        }
    }

    /// The first of `all` that is `s` spelled with other case, if any: what a warning names as the tables' spelling.
    private static func spelling(of s: String, among all: [String]) -> String? {
        all.first { $0.lowercased() == s.lowercased() && $0 != s }
    }
}
