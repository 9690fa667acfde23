/// A year's suppliers as the reports list them, kept as ids and sums in report order (amount descending, ties by
/// name) and made into rows with strings only when a report reads one (`RowList`).
final class SupplierRows: Sendable {
    let names: TallyNames
    let total: Int64
    let subcategories: [String]
    /// Per supplier, in report order.
    let supplier: [UInt32], name: [UInt32], amount: [Int64], off: [Int64], lines: [Int], invoices: [Int], main: [Int32]
    /// Per (subcategory, supplier), subcategories in `order`, suppliers largest first: the supplier's place above.
    let subRow: [Int32], subIndex: [Int32], subAmount: [Int64], subOff: [Int64]
    let subTotals: [Int64]
    /// Places by invoices (most first, ties by name).
    let byInvoices: [Int32]

    /// Orders the book's category suppliers; `subTotal` is each subcategory's spend, `order` the report's order of
    /// subcategories.
    init(_ book: SupplierTotals, invoices bySupplier: [Int], total: Int64, subTotal: (String) -> Int64, order: [String]) {
        names = book.names
        self.total = total
        subcategories = book.subcategories
        let rows = book.rows
        let less = { (a: Int, b: Int) in SupplierRows.nameLess(book.names, (rows[a].supplier, rows[a].name), (rows[b].supplier, rows[b].name)) }
        let sorted = rows.indices.sorted { a, b in rows[a].amount != rows[b].amount ? rows[a].amount > rows[b].amount : less(a, b) }
        let supplier = sorted.map { rows[$0].supplier }, name = sorted.map { rows[$0].name }
        let nameLess = { (a: Int, b: Int) in SupplierRows.nameLess(book.names, (supplier[a], name[a]), (supplier[b], name[b])) }
        self.supplier = supplier
        self.name = name
        amount = sorted.map { rows[$0].amount }
        off = sorted.map { rows[$0].off }
        lines = sorted.map { Int(rows[$0].lines) }
        invoices = sorted.map { Int(rows[$0].supplier) < bySupplier.count ? bySupplier[Int(rows[$0].supplier)] : 0 }
        main = sorted.map { book.mainSubcategory($0) }
        // Each subcategory's suppliers in the order above: stable within equal amounts, so ties stay by name.
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        var lists = [[(row: Int32, amount: Int64, off: Int64)]](repeating: [], count: order.count)
        for (place, r) in sorted.enumerated() {
            for s in book.subs(of: r) {
                guard let p = position[book.subcategories[Int(s.sub)]] else { continue }
                lists[p].append((Int32(place), s.amount, s.off))
            }
        }
        var subRow: [Int32] = [], subIndex: [Int32] = [], subAmount: [Int64] = [], subOff: [Int64] = []
        let indexOf = Dictionary(uniqueKeysWithValues: book.subcategories.enumerated().map { ($1, Int32($0)) })
        for (p, list) in lists.enumerated() {
            guard let sub = indexOf[order[p]] else { continue }
            let byName = list.sorted { a, b in
                if a.amount != b.amount { return a.amount > b.amount }
                return nameLess(Int(a.row), Int(b.row)) || (!nameLess(Int(b.row), Int(a.row)) && a.row < b.row)
            }
            for x in byName {
                subRow.append(x.row); subIndex.append(sub); subAmount.append(x.amount); subOff.append(x.off)
            }
        }
        self.subRow = subRow; self.subIndex = subIndex; self.subAmount = subAmount; self.subOff = subOff
        subTotals = book.subcategories.map(subTotal)
        let invoices = self.invoices
        byInvoices = (0..<Int32(sorted.count)).sorted { a, b in
            let ia = invoices[Int(a)], ib = invoices[Int(b)]
            if ia != ib { return ia > ib }
            return nameLess(Int(a), Int(b)) || (!nameLess(Int(b), Int(a)) && a < b)
        }
    }

    /// `shownName(a) < shownName(b)` for two (supplier, name) ids, without strings when the names are ASCII.
    static func nameLess(_ names: TallyNames, _ a: (UInt32, UInt32), _ b: (UInt32, UInt32)) -> Bool {
        if a.1 != .max && b.1 != .max && a.1 != b.1 && names.supplierNames.isNonEmpty(a.1) && names.supplierNames.isNonEmpty(b.1) {
            return names.supplierNames.less(a.1, b.1)
        }
        return shownName(names, a.0, a.1) < shownName(names, b.0, b.1)
    }

    /// The name a list shows: the most frequent, else what the key tells (a name key's name, an id).
    static func shownName(_ names: TallyNames, _ supplier: UInt32, _ name: UInt32) -> String {
        let n = name == .max ? "" : names.supplierNames[name]
        return n.isEmpty ? SupplierKey.name(of: names.suppliers[supplier]) : n
    }

    func shownName(_ i: Int) -> String { SupplierRows.shownName(names, supplier[i], name[i]) }
    func id(_ i: Int) -> String { SupplierKey.display(of: names.suppliers[supplier[i]]) }

    /// The supplier in place `i` of the report's list.
    func supplier(_ i: Int) -> YearReport.Supplier {
        YearReport.Supplier(id: id(i), name: shownName(i), amount: amount[i], share: Ratio(amount[i], total), invoices: invoices[i], lines: lines[i],
                            onContract: off[i] == 0, offContract: off[i], mainSubcategory: main[i] < 0 ? "" : subcategories[Int(main[i])])
    }

    /// Row `i` of the suppliers per subcategory.
    func subcategorySupplier(_ i: Int) -> YearReport.SubcategorySupplier {
        let r = Int(subRow[i]), s = Int(subIndex[i])
        return YearReport.SubcategorySupplier(subcategory: subcategories[s], id: id(r), name: shownName(r), amount: subAmount[i],
                                              share: Ratio(subAmount[i], subTotals[s]), offContract: subOff[i])
    }

    var suppliers: RowList<YearReport.Supplier> { RowList(count: amount.count) { self.supplier($0) } }
    var suppliersByInvoices: RowList<YearReport.Supplier> { RowList(count: byInvoices.count) { self.supplier(Int(self.byInvoices[$0])) } }
    var subcategorySuppliers: RowList<YearReport.SubcategorySupplier> { RowList(count: subRow.count) { self.subcategorySupplier($0) } }
}
