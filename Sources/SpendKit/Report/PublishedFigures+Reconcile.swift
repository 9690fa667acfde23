extension PublishedFigures {
    /// What the data gives for a published name it does not have.
    static let missing = "finns inte i data"

    /// One published figure next to the data's.
    public struct Check: Sendable {
        public var year: Int
        public var what: String
        public var published: String
        public var computed: String
        /// Agrees when the difference is less than one unit of the last printed digit (`30 %` for 30,7 %).
        public var agrees: Bool
    }

    /// The years of published figures that none of `reported` is, ascending: nothing of the data meets them.
    public func years(without reported: some Sequence<Int>) -> [Int] {
        Set(figures.map(\.year)).subtracting(reported).sorted()
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
            case .subcategoryMkr(let s):
                (what, measure) = ("Spend \(s)", r.subcategories.first { $0.name == s }.map { .money($0.amount) })
            case .subcategoryPercent(let s):
                (what, measure) = (
                    "Andel \(s) av kategorin", r.subcategories.first { $0.name == s }.map { .share($0.share) }
                )
            case .supplierMkr(let s):
                let key = SupplierID.nameKey(s)
                (what, measure) = (
                    "Spend \(s)", r.suppliers.first { SupplierID.nameKey($0.name) == key }.map { .money($0.amount) }
                )
            case .boardPercent(let b):
                (what, measure) = ("Andel \(b)", r.boards.first { $0.name == b }.map { .share($0.share) })
            case .boardInSubcategoryPercent(let s, let b):
                (what, measure) = (
                    "Andel \(b) inom \(s)",
                    r.boardBySubcategory.first { $0.subcategory == s && $0.board == b }.map { .share($0.share) }
                )
            }
            let unit = Measure.unit(f.kind)
            let published = f.value.printed + unit
            guard let measure else {
                out.append(
                    Check(year: f.year, what: what, published: published, computed: Self.missing, agrees: false))
                continue
            }
            // the data's value in units of the published last digit, then the difference (exact 128-bit integers):
            // |v × 10^decimals − scaled| < 1
            let (v, exponent) = measure.printedUnits
            let agrees = Self.within(v.num, pow10(f.value.decimals + exponent), f.value.scaled, v.den, of: v.den)
            out.append(
                Check(
                    year: f.year, what: what, published: published,
                    computed: measure.text(decimals: f.value.decimals) + unit,
                    agrees: agrees))
        }
        return out
    }

    /// Whether `|a × b − c × d| < |e|`, exactly: both products are below 2^126 in magnitude, so their 128-bit
    /// difference cannot overflow.
    static func within(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64, of e: Int64) -> Bool {
        let x = a.multipliedFullWidth(by: b), y = c.multipliedFullWidth(by: d)
        let low = x.low &- y.low
        let high = x.high &- y.high &- (x.low < y.low ? 1 : 0)
        if high == 0 { return low < e.magnitude }
        if high == -1 { return low != 0 && (0 &- low) < e.magnitude }
        return false
    }
}

/// A figure of the data, in the unit the published document prints it in.
private enum Measure {
    case money(Int64), share(Ratio), count(Int)

    /// Millions of kronor, percent, or the count, as an exact ratio times a power of ten (a share is its
    /// fraction × 10², so nothing is multiplied before the exact comparison).
    var printedUnits: (Ratio, exponent: Int) {
        switch self {
        case .money(let ore): return (Ratio(ore, 100_000_000), 0)
        case .share(let r): return (r, 2)
        case .count(let n): return (Ratio(Int64(n), 1), 0)
        }
    }

    /// Millions as the appendix prints them (23,15), shares with the published precision but at least one decimal.
    func text(decimals: Int) -> String {
        switch self {
        case .money(let ore): return Fmt.millionsExact(ore)
        case .share(let r): return Fmt.decimal(scaled: r.scaled(max(1, decimals) + 2), decimals: max(1, decimals))
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
