/// What a report reads from a supplier book: per supplier in the category its sums, lines, most frequent name and
/// spend by subcategory, in flat arrays (about 60 bytes a supplier); per supplier with unclassified spend that
/// spend and name. Names are ids until a report asks for the string.
struct SupplierTotals {
    struct Row {
        var supplier: UInt32
        /// The most frequent name (ties to the alphabetically first); `.max`: no line named it.
        var name: UInt32
        var lines: Int32
        /// Where the supplier's spend by subcategory starts in `subs` (it ends where the next row's starts).
        var subStart: Int32
        var amount: Int64 = 0, off: Int64 = 0
    }

    /// A supplier's spend in a subcategory (`subcategories[sub]`).
    struct SubSpend {
        var sub: Int32
        var amount: Int64, off: Int64
    }

    var rows: [Row] = []
    var subs: [SubSpend] = []
    /// Subcategory names by id (`TallyNames.subcategories`).
    let subcategories: [String]
    /// Suppliers in the category whose spend in each subcategory nets to something other than zero (SPEC §4:
    /// "Number of suppliers" counts identities with non-zero spend, here within the subcategory).
    var suppliersBySubcategory: [String: Int] = [:]
    var unclassified: [(supplier: UInt32, name: UInt32, amount: Int64)] = []
    /// Suppliers in the category whose lines carry `manyNames` names or more (row index, names): an id that payees
    /// share (a placeholder, a payment bureau's) rather than one company's name variants.
    var manyNamed: [(row: Int, names: Int)] = []
    static let manyNames = 20
    /// A supplier's sum went beyond Int64: `YearReport.build` stops the run.
    var overflow = false
    let names: TallyNames

    /// The key of a supplier id; its name string, "" for `.max`.
    func key(_ supplier: UInt32) -> String { names.suppliers[supplier] }
    func name(_ id: UInt32) -> String { id == .max ? "" : names.supplierNames[id] }

    /// Row `i`'s spend by subcategory: its entries in `subs`.
    func subRange(of i: Int) -> Range<Int> {
        Int(rows[i].subStart)..<(i + 1 < rows.count ? Int(rows[i + 1].subStart) : subs.count)
    }
    func subs(of i: Int) -> ArraySlice<SubSpend> { subs[subRange(of: i)] }

    /// Totals of a book; sums are checked (`overflow`).
    init(_ book: SupplierBook, names: TallyNames) {
        self.names = names
        subcategories = names.subcategories.all
        // the few suppliers with more than one name or subcategory, grouped
        var moreSubs: [UInt32: [(sub: UInt32, money: SupplierBook.Money)]] = [:]
        for (k, m) in book.moreSubs {
            moreSubs[UInt32(k >> 32), default: []].append((UInt32(truncatingIfNeeded: k), m))
        }
        var moreNames: [UInt32: [(name: UInt32, count: Int)]] = [:]
        for (k, n) in book.moreNames {
            moreNames[UInt32(k >> 32), default: []].append((UInt32(truncatingIfNeeded: k), n))
        }
        var subSuppliers = [Int](repeating: 0, count: subcategories.count)
        rows.reserveCapacity(book.count)
        subs.reserveCapacity(book.count)
        for e in book.entries {
            if e.unclassifiedName != .max { unclassified.append((e.supplier, e.unclassifiedName, e.unclassified)) }
            guard e.inCategory else { continue }
            var best = (name: e.name, count: Int(e.nameCount))
            for o in moreNames[e.supplier] ?? []
            where o.count > best.count || (o.count == best.count && names.supplierNames.less(o.name, best.name)) {
                best = o
            }
            let nameCount = (e.name == .max ? 0 : 1) + (moreNames[e.supplier]?.count ?? 0)
            if nameCount >= SupplierTotals.manyNames { manyNamed.append((rows.count, nameCount)) }
            var row = Row(supplier: e.supplier, name: best.name, lines: e.lines, subStart: Int32(subs.count))
            let start = subs.count
            func add(_ sub: UInt32, _ m: SupplierBook.Money) {
                addMoney(&row.amount, m.amount, &overflow); addMoney(&row.off, m.off, &overflow)
                if let i = subs[start...].firstIndex(where: { $0.sub == Int32(sub) }) {
                    addMoney(&subs[i].amount, m.amount, &overflow); addMoney(&subs[i].off, m.off, &overflow)
                } else {
                    subs.append(SubSpend(sub: Int32(sub), amount: m.amount, off: m.off))
                }
            }
            if e.sub != .max { add(e.sub, SupplierBook.Money(amount: e.amount, off: e.off)) }
            for (sub, m) in moreSubs[e.supplier] ?? [] { add(sub, m) }
            // counted in a subcategory only where its spend there, netted, is not zero (SPEC §4)
            for s in subs[start...] where s.amount != 0 { subSuppliers[Int(s.sub)] += 1 }
            rows.append(row)
        }
        for (i, n) in subSuppliers.enumerated() where n > 0 { suppliersBySubcategory[subcategories[i]] = n }
    }

    /// Suppliers with unclassified spend, largest first (ties by name), made into rows when read.
    func unclassifiedList() -> RowList<(key: SupplierKey, name: String, amount: Int64)> {
        let names = self.names
        let sorted = unclassified.sorted { a, b in
            a.amount != b.amount ? a.amount > b.amount : names.supplierNames.less(a.name, b.name)
        }
        return RowList(count: sorted.count) { i in
            (
                key: SupplierKey(text: names.suppliers[sorted[i].supplier]), name: names.supplierNames[sorted[i].name],
                amount: sorted[i].amount
            )
        }
    }

    /// Each category supplier's spend by its key: for tests and checks that compare books made with other ids.
    var amountsByKey: [String: Int64] { Dictionary(uniqueKeysWithValues: rows.map { (key($0.supplier), $0.amount) }) }

    /// The subcategory of row `i` with the most spend, ties to the alphabetically first (-1 when none).
    func mainSubcategory(_ i: Int) -> Int32 {
        var best: SubSpend?
        for s in subs(of: i) {
            if let b = best,
                b.amount > s.amount || (b.amount == s.amount && subcategories[Int(b.sub)] <= subcategories[Int(s.sub)])
            {
                continue
            }
            best = s
        }
        return best?.sub ?? -1
    }
}
