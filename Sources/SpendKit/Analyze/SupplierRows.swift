/// A year's suppliers as the reports list them: the book's totals kept as they are, with the orders the lists need
/// (amount descending, ties by name; by invoices; per subcategory), 16 bytes a supplier; rows with strings are made
/// only when a report reads one (`RowList`).
final class SupplierRows: Sendable {
    let book: SupplierTotals
    let total: Int64
    /// Distinct invoices by supplier id.
    let invoicesBySupplier: [Int]
    /// Rows of `book` in report order.
    let order: [Int32]
    /// Places (in `order`) by invoices, most first, ties by name.
    let byInvoices: [Int32]
    /// Per (subcategory, supplier), subcategories in the report's order, suppliers largest first: the supplier's
    /// place and its entry in `book.subs`.
    let subList: [(place: Int32, entry: Int32)]
    /// Each subcategory's spend, by subcategory id, for shares.
    let subTotals: [Int64]

    /// Orders the book's category suppliers; `subTotal` is each subcategory's spend, `subcategoryOrder` the
    /// report's order of subcategories.
    init(
        _ book: SupplierTotals, invoices bySupplier: [Int], total: Int64, subTotal: (String) -> Int64,
        subcategoryOrder: [String]
    ) {
        self.book = book
        self.total = total
        invoicesBySupplier = bySupplier
        let rows = book.rows
        // Each row's place in the order of shown names (equal names, equal places): the sorts below compare
        // integers, where each would otherwise compare names on every tie (most suppliers of a large ledger tie on
        // invoices), a lookup in the pool each.
        let rank = SupplierRows.nameRanks(book)
        let order = (0..<Int32(rows.count)).sorted { a, b in
            let x = rows[Int(a)], y = rows[Int(b)]
            return x.amount != y.amount ? x.amount > y.amount : rank[Int(a)] < rank[Int(b)]
        }
        self.order = order
        let nameRank = { (place: Int32) in rank[Int(order[Int(place)])] }
        let invoices = { (place: Int32) in SupplierRows.invoices(bySupplier, rows[Int(order[Int(place)])].supplier) }
        byInvoices = (0..<Int32(order.count)).sorted { a, b in
            let ia = invoices(a), ib = invoices(b)
            if ia != ib { return ia > ib }
            let ra = nameRank(a), rb = nameRank(b)
            return ra != rb ? ra < rb : a < b
        }
        // Each subcategory's suppliers: amount descending, ties by name, then by place.
        let position = Dictionary(uniqueKeysWithValues: subcategoryOrder.enumerated().map { ($1, $0) })
        var lists = [[(place: Int32, entry: Int32)]](repeating: [], count: subcategoryOrder.count)
        for (place, r) in order.enumerated() {
            for e in book.subRange(of: Int(r)) {
                guard let p = position[book.subcategories[Int(book.subs[e].sub)]] else { continue }
                lists[p].append((Int32(place), Int32(e)))
            }
        }
        var subList: [(place: Int32, entry: Int32)] = []
        subList.reserveCapacity(book.subs.count)
        for list in lists {
            subList += list.sorted { a, b in
                let x = book.subs[Int(a.entry)].amount, y = book.subs[Int(b.entry)].amount
                if x != y { return x > y }
                let ra = nameRank(a.place), rb = nameRank(b.place)
                return ra != rb ? ra < rb : a.place < b.place
            }
        }
        self.subList = subList
        subTotals = book.subcategories.map(subTotal)
    }

    /// Each row's rank by shown name (`nameLess`), rows whose names compare equal ranked alike.
    /// - Complexity: O(n log n) name comparisons, once.
    static func nameRanks(_ book: SupplierTotals) -> [Int32] {
        let rows = book.rows, names = book.names
        let less = { (a: Int32, b: Int32) in
            nameLess(names, (rows[Int(a)].supplier, rows[Int(a)].name), (rows[Int(b)].supplier, rows[Int(b)].name))
        }
        let byName = (0..<Int32(rows.count)).sorted(by: less)
        var rank = [Int32](repeating: 0, count: rows.count)
        for (i, r) in byName.enumerated() where i > 0 {
            rank[Int(r)] = less(byName[i - 1], r) ? Int32(i) : rank[Int(byName[i - 1])]
        }
        return rank
    }

    static func invoices(_ bySupplier: [Int], _ supplier: UInt32) -> Int {
        Int(supplier) < bySupplier.count ? bySupplier[Int(supplier)] : 0
    }

    /// `shownName(a) < shownName(b)` for two (supplier, name) ids, without strings when the names are ASCII.
    static func nameLess(_ names: TallyNames, _ a: (UInt32, UInt32), _ b: (UInt32, UInt32)) -> Bool {
        if a.1 != .max && b.1 != .max && a.1 != b.1 && names.supplierNames.isNonEmpty(a.1)
            && names.supplierNames.isNonEmpty(b.1)
        {
            return names.supplierNames.less(a.1, b.1)
        }
        return shownName(names, a.0, a.1) < shownName(names, b.0, b.1)
    }

    /// The name a list shows: the most frequent, else what the key tells (a name key's name, an id).
    static func shownName(_ names: TallyNames, _ supplier: UInt32, _ name: UInt32) -> String {
        let n = name == .max ? "" : names.supplierNames[name]
        return n.isEmpty ? SupplierKey(text: names.suppliers[supplier]).name : n
    }

    /// The row of the supplier in place `i` of the report's list.
    func row(_ place: Int) -> SupplierTotals.Row { book.rows[Int(order[place])] }
    func shownName(_ place: Int) -> String { SupplierRows.shownName(book.names, row(place).supplier, row(place).name) }
    func id(_ place: Int) -> String { SupplierKey(text: book.names.suppliers[row(place).supplier]).display }
    /// Amounts in report order (largest first), for the Pareto point.
    var amounts: LazyMapSequence<[Int32], Int64> { order.lazy.map { self.book.rows[Int($0)].amount } }

    /// The supplier in place `i` of the report's list.
    func supplier(_ i: Int) -> YearReport.Supplier {
        let r = row(i), main = book.mainSubcategory(Int(order[i]))
        return YearReport.Supplier(
            id: id(i), name: shownName(i), amount: r.amount, share: Ratio(r.amount, total),
            invoices: SupplierRows.invoices(invoicesBySupplier, r.supplier), lines: Int(r.lines),
            // on contract: it has spend and none of it off contract. Without a register every line is off
            // contract (off = amount); a supplier whose spend nets to zero has bought nothing on contract either,
            // so `off == 0` alone would claim a contract for it that no register shows.
            onContract: r.off == 0 && r.amount != 0,
            offContract: r.off, mainSubcategory: main < 0 ? "" : book.subcategories[Int(main)])
    }

    /// Row `i` of the suppliers per subcategory.
    func subcategorySupplier(_ i: Int) -> YearReport.SubcategorySupplier {
        let (place, entry) = subList[i]
        let s = book.subs[Int(entry)]
        return YearReport.SubcategorySupplier(
            subcategory: book.subcategories[Int(s.sub)], id: id(Int(place)), name: shownName(Int(place)),
            amount: s.amount,
            share: Ratio(s.amount, subTotals[Int(s.sub)]), offContract: s.off)
    }

    var suppliers: RowList<YearReport.Supplier> { RowList(count: order.count) { self.supplier($0) } }
    var suppliersByInvoices: RowList<YearReport.Supplier> {
        RowList(count: byInvoices.count) { self.supplier(Int(self.byInvoices[$0])) }
    }
    var subcategorySuppliers: RowList<YearReport.SubcategorySupplier> {
        RowList(count: subList.count) { self.subcategorySupplier($0) }
    }
}
