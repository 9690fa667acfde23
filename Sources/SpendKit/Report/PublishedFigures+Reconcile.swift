extension PublishedFigures {
    /// One published figure next to the data's.
    public struct Check: Sendable {
        public var year: Int
        public var what: String
        public var published: String
        public var computed: String
        /// Agrees when the difference is less than one unit of the last printed digit (`30 %` for 30,7 %).
        public var agrees: Bool
    }

    /// Every published figure of the given years' reports, compared with what the data gives.
    public func reconcile(_ reports: [YearReport]) -> [Check] {
        var out: [Check] = []
        for f in figures {
            guard let r = reports.first(where: { $0.year == f.year }) else { continue }
            let d = f.value.decimals
            func mkr(_ ore: Int64?) -> Ratio? { ore.map { Ratio($0, 100_000_000) } }
            func pct(_ x: Ratio?) -> Ratio? { x.map { Ratio($0.num * 100, $0.den) } }
            let (what, value, unit): (String, Ratio?, String)
            switch f.kind {
            case .totalMkr: (what, value, unit) = ("Total spend", mkr(r.total), " miljoner kr")
            case .suppliers: (what, value, unit) = ("Antal leverantörer", Ratio(Int64(r.suppliersWithSpend), 1), "")
            case .offContractMkr: (what, value, unit) = ("Köp utanför avtal", mkr(r.offContract), " miljoner kr")
            case .offContractPercent: (what, value, unit) = ("Andel köp utanför avtal", pct(r.offContractShare), " %")
            case .subcategoryMkr(let s):
                (what, value, unit) = ("Spend \(s)", mkr(r.subcategories.first { $0.name == s }?.amount), " miljoner kr")
            case .subcategoryPercent(let s):
                (what, value, unit) = ("Andel \(s) av kategorin", pct(r.subcategories.first { $0.name == s }?.share), " %")
            case .supplierMkr(let s):
                let key = SupplierID.nameKey(s)
                (what, value, unit) = ("Spend \(s)", mkr(r.suppliers.first { SupplierID.nameKey($0.name) == key }?.amount), " miljoner kr")
            case .boardPercent(let b): (what, value, unit) = ("Andel \(b)", pct(r.boards.first { $0.name == b }?.share), " %")
            case .boardInSubcategoryPercent(let s, let b):
                (what, value, unit) = ("Andel \(b) inom \(s)", pct(r.boardBySubcategory.first { $0.subcategory == s && $0.board == b }?.share), " %")
            }
            let published = f.value.printed + unit
            guard let value else {
                out.append(Check(year: f.year, what: what, published: published, computed: "finns inte i data", agrees: false))
                continue
            }
            // the data's value in units of the published last digit, then the difference (exact integers)
            let scale = pow10(d)
            let diff = Ratio(value.num * scale - f.value.scaled * value.den, value.den)
            let agrees = diff.num.magnitude < diff.den.magnitude
            // millions as the appendix prints them (23,15), shares with the published precision, at least one decimal
            let computed: String
            switch unit {
            case " miljoner kr": computed = Fmt.millionsExact(value.num)  // a Ratio of öre over 10^8
            case " %": computed = Fmt.decimal(value, decimals: max(1, d))
            default: computed = Fmt.decimal(value, decimals: 0)
            }
            out.append(Check(year: f.year, what: what, published: published, computed: computed + unit, agrees: agrees))
        }
        return out
    }
}
