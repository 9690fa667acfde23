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
            let (what, measure): (String, Measure?)
            switch f.kind {
            case .totalMkr: (what, measure) = ("Total spend", .money(r.total))
            case .suppliers: (what, measure) = ("Antal leverantörer", .count(r.suppliersWithSpend))
            case .offContractMkr: (what, measure) = ("Köp utanför avtal", .money(r.offContract))
            case .offContractPercent: (what, measure) = ("Andel köp utanför avtal", .share(r.offContractShare))
            case .subcategoryMkr(let s): (what, measure) = ("Spend \(s)", r.subcategories.first { $0.name == s }.map { .money($0.amount) })
            case .subcategoryPercent(let s):
                (what, measure) = ("Andel \(s) av kategorin", r.subcategories.first { $0.name == s }.map { .share($0.share) })
            case .supplierMkr(let s):
                let key = SupplierID.nameKey(s)
                (what, measure) = ("Spend \(s)", r.suppliers.first { SupplierID.nameKey($0.name) == key }.map { .money($0.amount) })
            case .boardPercent(let b): (what, measure) = ("Andel \(b)", r.boards.first { $0.name == b }.map { .share($0.share) })
            case .boardInSubcategoryPercent(let s, let b):
                (what, measure) = ("Andel \(b) inom \(s)",
                                   r.boardBySubcategory.first { $0.subcategory == s && $0.board == b }.map { .share($0.share) })
            }
            let unit = Measure.unit(f.kind)
            let published = f.value.printed + unit
            guard let measure else {
                out.append(Check(year: f.year, what: what, published: published, computed: "finns inte i data", agrees: false))
                continue
            }
            // the data's value in units of the published last digit, then the difference (exact integers)
            let v = measure.printedUnits
            let diff = Ratio(v.num * pow10(f.value.decimals) - f.value.scaled * v.den, v.den)
            out.append(Check(year: f.year, what: what, published: published, computed: measure.text(decimals: f.value.decimals) + unit,
                             agrees: diff.num.magnitude < diff.den.magnitude))
        }
        return out
    }
}

/// A figure of the data, in the unit the published document prints it in.
private enum Measure {
    case money(Int64), share(Ratio), count(Int)

    /// Millions of kronor, percent, or the count, as an exact ratio.
    var printedUnits: Ratio {
        switch self {
        case .money(let ore): return Ratio(ore, 100_000_000)
        case .share(let r): return Ratio(r.num * 100, r.den)
        case .count(let n): return Ratio(Int64(n), 1)
        }
    }

    /// Millions as the appendix prints them (23,15), shares with the published precision but at least one decimal.
    func text(decimals: Int) -> String {
        switch self {
        case .money(let ore): return Fmt.millionsExact(ore)
        case .share: return Fmt.decimal(printedUnits, decimals: max(1, decimals))
        case .count(let n): return Fmt.group(Int64(n))
        }
    }

    static func unit(_ kind: PublishedFigures.Kind) -> String {
        switch kind {
        case .totalMkr, .offContractMkr, .subcategoryMkr, .supplierMkr: return " miljoner kr"
        case .offContractPercent, .subcategoryPercent, .boardPercent, .boardInSubcategoryPercent: return " %"
        case .suppliers: return ""
        }
    }
}
