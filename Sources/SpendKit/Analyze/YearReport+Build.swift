extension YearReport {
    /// Derives the year's report: sorted lists (amount descending, ties by name), Pareto point, risks. Throws
    /// `MoneyOverflow` (exit 65) when a sum went beyond Int64 while adding up or a figure beyond `maxFigure`.
    /// The figures are consumed: the supplier book and the invoice tally are let go once read, so with figures from
    /// `Analyzer.takeSupplierDetail` they are not held beside the report's rows.
    public static func build(
        year: Int, figures f: consuming YearFigures, rows: RowCounts, analyzer: Analyzer, threads: Int = 1
    ) throws -> YearReport {
        let s = analyzer.settings
        guard !f.overflow else { throw MoneyOverflow(year: year, what: "a sum of money") }
        let total = f.category.amount
        try limit(total, year: year, "the category's spend")
        try limit(f.category.offContract, year: year, "spend off contract")
        let book = SupplierTotals(f.suppliers, names: analyzer.names)
        if book.overflow { throw MoneyOverflow(year: year, what: "a supplier's spend") }
        try limitSum(book.rows.lazy.map(\.amount), year: year, "the sum of the suppliers' spend")
        f.suppliers = SupplierBook()
        let invoices = try f.invoices.count(threads: threads)
        f.invoices = InvoiceTally(names: analyzer.names)
        func sorted<T>(_ xs: [T], _ amount: (T) -> Int64, _ name: (T) -> String) -> [T] {
            xs.sorted { amount($0) != amount($1) ? amount($0) > amount($1) : name($0) < name($1) }
        }
        var largest: [String: (amount: Int64, name: String)] = [:]
        for (i, v) in book.rows.enumerated() {
            for s in book.subs(of: i) {
                let sub = book.subcategories[Int(s.sub)], a = s.amount
                if let b = largest[sub], b.amount > a || (b.amount == a && b.name <= book.name(v.name)) { continue }
                largest[sub] = (a, book.name(v.name))
            }
        }
        let subs: [Subcategory] = sorted(
            f.subcategories.map { k, g in
                Subcategory(
                    name: k, amount: g.amount, share: Ratio(g.amount, total),
                    suppliers: book.suppliersBySubcategory[k] ?? 0, invoices: invoices.bySubcategory[k] ?? 0,
                    lines: g.lines, offContract: g.offContract, offContractShare: Ratio(g.offContract, g.amount),
                    largestSupplier: largest[k]?.name, largestSupplierAmount: largest[k]?.amount ?? 0)
            }, \.amount, \.name)
        let boards = sorted(
            f.boards.map {
                Row(
                    name: $0.key, amount: $0.value.amount, share: Ratio($0.value.amount, total),
                    invoices: invoices.byBoard[$0.key] ?? 0, lines: $0.value.lines, offContract: $0.value.offContract)
            }, \.amount, \.name)
        let list = SupplierRows(
            book, invoices: invoices.bySupplier, total: total, subTotal: { f.subcategories[$0]?.amount ?? 0 },
            subcategoryOrder: subs.map(\.name))
        try list.checkLimits(year: year)
        let suppliers = list.suppliers
        var bbs: [BoardInSubcategory] = []
        for sub in subs {
            let m = f.boardBySubcategory[sub.name] ?? [:]
            bbs += sorted(
                m.map {
                    BoardInSubcategory(
                        subcategory: sub.name, board: $0.key, amount: $0.value, share: Ratio($0.value, sub.amount))
                }, \.amount, \.board)
        }
        // Pareto: the fewest largest suppliers whose cumulative spend reaches 80 % of the total. The tail is every
        // other supplier with spend, one that nets below zero too, so the two add up to the suppliers and the total.
        var cum: Int64 = 0, n80 = 0
        let positive = list.amounts.prefix { $0 > 0 }
        for a in positive where Ratio.productLess(cum, 10, than: total, 8) { cum += a; n80 += 1 }  // bounded by limitSum
        let tail = list.amounts.dropFirst(n80).filter { $0 != 0 }
        var awards: [DirectAward] = []
        if let threshold = s.directAwardThreshold[year] ?? s.directAwardThresholdAllYears {
            for (place, entry) in list.subList where list.book.subs[Int(entry)].off > threshold {
                let s = list.book.subs[Int(entry)]
                awards.append(
                    DirectAward(
                        supplier: list.id(Int(place)), name: list.shownName(Int(place)),
                        subcategory: list.book.subcategories[Int(s.sub)],
                        offContract: s.off, threshold: threshold))
            }
        }
        awards.sort {
            $0.offContract != $1.offContract
                ? $0.offContract > $1.offContract : ($0.name, $0.subcategory) < ($1.name, $1.subcategory)
        }
        let valid = analyzer.contracts.valid(in: year, category: s.category)
        let expiring = try reprocurement(valid, year: year, figures: f, analyzer: analyzer)
        let ceilings = try ceilingForecasts(valid, year: year, figures: f, analyzer: analyzer)
        var report = YearReport(
            year: year, category: s.categoryName, rows: rows, total: total, lines: f.category.lines,
            invoices: invoices.all,
            suppliersWithSpend: book.rows.filter { $0.amount != 0 }.count, subcategories: subs, boards: boards,
            boardBySubcategory: bbs,
            buyers: sorted(buyerRows(f.buyers, total: total), \.amount, \.name),
            suppliers: suppliers, suppliersFor80: n80, tailSuppliers: tail.count, tailAmount: tail.reduce(0, +),
            onContract: total - f.category.offContract, offContract: f.category.offContract,
            unclassified: f.unclassified, allSpend: f.allSpend,
            unclassifiedSuppliers: book.unclassifiedList(),
            unclassifiedAccounts: sorted(
                f.unclassifiedByAccount.map { (account: $0.key, amount: $0.value) }, \.amount, \.account),
            unmappedCostCentres: sorted(
                f.unmappedCostCentres.map { (code: $0.key, amount: $0.value) }, \.amount, \.code),
            contractRefs: f.contractRefs.map { (outcome: $0.key, amount: $0.value) }.sorted { $0.outcome < $1.outcome },
            validContracts: valid.count, expiring: expiring, ceilings: ceilings, directAwards: awards,
            invoiceHandlingCost: s.invoiceHandlingCost)
        report.suppliersByInvoices = list.suppliersByInvoices
        report.manyNamed = book.manyNamed.compactMap { m in
            let r = book.rows[m.row], id = SupplierKey(text: book.key(r.supplier)).display
            return id.isEmpty ? nil : (id, SupplierRows.shownName(analyzer.names, r.supplier, r.name), m.names)
        }.sorted { $0.names != $1.names ? $0.names > $1.names : $0.id < $1.id }
        report.addSections(f, list: list, threshold: s.directAwardThreshold[year] ?? s.directAwardThresholdAllYears)
        try report.checkLimits()
        return report
    }
}

extension YearReport {
    /// The table's name for the category's spend on lines that name no buyer.
    static let unknownBuyer = "Okänd köpare"

    /// The buyers' rows, and when some lines name a buyer and others none, a row for the others, so the table adds
    /// up to the category's spend as the boards' does (with `Okänd nämnd`).
    static func buyerRows(_ buyers: [String: Int64], total: Int64) -> [Row] {
        var rows = buyers.map { Row(name: $0.key, amount: $0.value, share: Ratio($0.value, total)) }
        guard !buyers.isEmpty else { return rows }
        var named: Int64 = 0
        for v in buyers.values {
            let (sum, over) = named.addingReportingOverflow(v)
            guard !over else { return rows }  // beyond any real figure: the limits of the report say so
            named = sum
        }
        let (rest, over) = total.subtractingReportingOverflow(named)
        if rest != 0 && !over { rows.append(Row(name: unknownBuyer, amount: rest, share: Ratio(rest, total))) }
        return rows
    }
}
