/// What a report reads from a supplier book: per supplier in the category its sums, lines and most frequent name,
/// and its spend by subcategory and by board; per supplier with unclassified spend that spend and name.
/// Names are ids until a report asks for the string.
struct SupplierTotals {
    struct Row {
        var supplier: UInt32
        /// The most frequent name (ties to the alphabetically first); `.max`: no line named it.
        var name: UInt32
        var amount: Int64 = 0, off: Int64 = 0
        var lines: Int
        /// Spend (and off contract) by subcategory, by board: indices into `subcategories`, `boards`.
        var bySubcategory: [(sub: Int, amount: Int64, off: Int64)] = []
        var byBoard: [(board: Int, amount: Int64)] = []
    }

    var rows: [Row] = []
    var subcategories: [String] = [], boards: [String] = []
    /// Suppliers in the category with spend in each subcategory.
    var suppliersBySubcategory: [String: Int] = [:]
    var unclassified: [(supplier: UInt32, name: UInt32, amount: Int64)] = []
    /// A supplier's sum went beyond Int64: `YearReport.build` stops the run.
    var overflow = false
    let names: TallyNames

    /// The key of a supplier id; its name string, "" for `.max`.
    func key(_ supplier: UInt32) -> String { names.suppliers[supplier] }
    func name(_ id: UInt32) -> String { id == .max ? "" : names.supplierNames[id] }

    /// Totals of a book; sums are bounded by the category's (checked by `YearReport.build` before).
    init(_ book: SupplierBook, names: TallyNames) {
        self.names = names
        let cells = names.cells.all
        var subIndex: [String: Int] = [:], boardIndex: [String: Int] = [:]
        var cellSub: [Int] = [], cellBoard: [Int] = []
        for c in cells {
            if subIndex[c.subcategory] == nil { subIndex[c.subcategory] = subcategories.count; subcategories.append(c.subcategory) }
            if boardIndex[c.board] == nil { boardIndex[c.board] = boards.count; boards.append(c.board) }
            cellSub.append(subIndex[c.subcategory]!); cellBoard.append(boardIndex[c.board]!)
        }
        var moreCells: [UInt32: [(cell: UInt32, money: SupplierBook.Money)]] = [:]
        for (k, m) in book.moreCells { moreCells[UInt32(k >> 32), default: []].append((UInt32(truncatingIfNeeded: k), m)) }
        var moreNames: [UInt32: [(name: UInt32, count: Int)]] = [:]
        for (k, n) in book.moreNames { moreNames[UInt32(k >> 32), default: []].append((UInt32(truncatingIfNeeded: k), n)) }
        var subSuppliers = [Int](repeating: 0, count: subcategories.count)
        rows.reserveCapacity(book.count)
        for e in book.entries {
            if e.unclassifiedName != .max { unclassified.append((e.supplier, e.unclassifiedName, e.unclassified)) }
            guard e.inCategory else { continue }
            var best = (name: e.name, count: e.nameCount)
            for o in moreNames[e.supplier] ?? [] where o.count > best.count || (o.count == best.count && names.supplierNames[o.name] < names.supplierNames[best.name]) {
                best = o
            }
            var row = Row(supplier: e.supplier, name: best.name, lines: e.lines)
            var cellsOf = [(cell: UInt32, money: SupplierBook.Money)]()
            if e.cell != .max { cellsOf.append((e.cell, SupplierBook.Money(amount: e.amount, off: e.off))) }
            cellsOf += moreCells[e.supplier] ?? []
            for (c, m) in cellsOf {
                addMoney(&row.amount, m.amount, &overflow); addMoney(&row.off, m.off, &overflow)
                let sb = cellSub[Int(c)], bd = cellBoard[Int(c)]
                if let i = row.bySubcategory.firstIndex(where: { $0.sub == sb }) {
                    addMoney(&row.bySubcategory[i].amount, m.amount, &overflow); addMoney(&row.bySubcategory[i].off, m.off, &overflow)
                } else {
                    row.bySubcategory.append((sb, m.amount, m.off)); subSuppliers[sb] += 1
                }
                if let i = row.byBoard.firstIndex(where: { $0.board == bd }) {
                    addMoney(&row.byBoard[i].amount, m.amount, &overflow)
                } else {
                    row.byBoard.append((bd, m.amount))
                }
            }
            rows.append(row)
        }
        for (i, n) in subSuppliers.enumerated() where n > 0 { suppliersBySubcategory[subcategories[i]] = n }
    }

    /// Suppliers with unclassified spend, largest first (ties by name), made into rows when read.
    func unclassifiedList() -> RowList<(key: String, name: String, amount: Int64)> {
        let names = self.names
        let sorted = unclassified.sorted { a, b in
            a.amount != b.amount ? a.amount > b.amount : names.supplierNames[a.name] < names.supplierNames[b.name]
        }
        return RowList(count: sorted.count) { i in (key: names.suppliers[sorted[i].supplier], name: names.supplierNames[sorted[i].name], amount: sorted[i].amount) }
    }

    /// Each category supplier's spend by its key: for tests and checks that compare books made with other ids.
    var amountsByKey: [String: Int64] { Dictionary(uniqueKeysWithValues: rows.map { (key($0.supplier), $0.amount) }) }

    /// The subcategory with the most spend, ties to the alphabetically first (-1 when none): an index into
    /// `subcategories`.
    func mainSubcategoryIndex(_ r: Row) -> Int {
        var best: (index: Int, amount: Int64)?
        for s in r.bySubcategory {
            if let b = best, b.amount > s.amount || (b.amount == s.amount && subcategories[b.index] <= subcategories[s.sub]) { continue }
            best = (s.sub, s.amount)
        }
        return best?.index ?? -1
    }
}
