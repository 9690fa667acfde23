extension YearReport {
    /// Derives the year's report: sorted lists (amount descending, ties by name), Pareto point, risks. Throws
    /// `MoneyOverflow` (exit 65) when a sum went beyond Int64 while adding up or a figure beyond `maxFigure`.
    public static func build(year: Int, figures f: YearFigures, rows: RowCounts, analyzer: Analyzer, threads: Int = 1) throws -> YearReport {
        let s = analyzer.settings
        guard !f.overflow else { throw MoneyOverflow(year: year, what: "a sum of money") }
        let total = f.category.amount
        try limit(total, year: year, "the category's spend")
        try limit(f.category.offContract, year: year, "spend off contract")
        let book = SupplierTotals(f.suppliers, names: analyzer.names)
        if book.overflow { throw MoneyOverflow(year: year, what: "a supplier's spend") }
        try limitSum(book.rows.lazy.map(\.amount), year: year, "the sum of the suppliers' spend")
        let invoices = try f.invoices.count(threads: threads)
        func sorted<T>(_ xs: [T], _ amount: (T) -> Int64, _ name: (T) -> String) -> [T] {
            xs.sorted { amount($0) != amount($1) ? amount($0) > amount($1) : name($0) < name($1) }
        }
        // Each supplier's id and name made once, shared by every list that shows them.
        let shown: [(id: String, name: String, named: String)] = book.rows.map { r in
            let key = book.key(r.supplier), name = book.name(r.name)
            return (SupplierKey.display(of: key), name.isEmpty ? SupplierKey.name(of: key) : name, name)
        }
        var suppliers: [Supplier] = book.rows.indices.map { i in
            let v = book.rows[i]
            return Supplier(id: shown[i].id, name: shown[i].name, amount: v.amount, share: Ratio(v.amount, total),
                            invoices: Int(v.supplier) < invoices.bySupplier.count ? invoices.bySupplier[Int(v.supplier)] : 0, lines: v.lines,
                            onContract: v.off == 0, offContract: v.off, mainSubcategory: book.mainSubcategory(v))
        }
        suppliers = sorted(suppliers, \.amount, \.name)
        var largest: [String: (amount: Int64, name: String)] = [:]
        for (i, v) in book.rows.enumerated() {
            for s in v.bySubcategory {
                let sub = book.subcategories[s.sub], a = s.amount
                if let b = largest[sub], b.amount > a || (b.amount == a && b.name <= shown[i].named) { continue }
                largest[sub] = (a, shown[i].named)
            }
        }
        let subs: [Subcategory] = sorted(f.subcategories.map { k, g in
            Subcategory(name: k, amount: g.amount, share: Ratio(g.amount, total), suppliers: book.suppliersBySubcategory[k] ?? 0, invoices: invoices.bySubcategory[k] ?? 0,
                        lines: g.lines, offContract: g.offContract, offContractShare: Ratio(g.offContract, g.amount),
                        largestSupplier: largest[k]?.name, largestSupplierAmount: largest[k]?.amount ?? 0)
        }, \.amount, \.name)
        let boards = sorted(f.boards.map { Row(name: $0.key, amount: $0.value.amount, share: Ratio($0.value.amount, total),
                                                invoices: invoices.byBoard[$0.key] ?? 0, lines: $0.value.lines, offContract: $0.value.offContract) }, \.amount, \.name)
        var bbs: [BoardInSubcategory] = []
        for sub in subs {
            let m = f.boardBySubcategory[sub.name] ?? [:]
            bbs += sorted(m.map { BoardInSubcategory(subcategory: sub.name, board: $0.key, amount: $0.value, share: Ratio($0.value, sub.amount)) }, \.amount, \.board)
        }
        // Pareto: the fewest largest suppliers whose cumulative spend reaches 80 % of the total.
        var cum: Int64 = 0, n80 = 0
        let positive = suppliers.filter { $0.amount > 0 }
        for sp in positive where Ratio.productLess(cum, 10, than: total, 8) { cum += sp.amount; n80 += 1 }  // bounded by limitSum
        let tail = positive.dropFirst(n80)
        var awards: [DirectAward] = []
        if let threshold = s.directAwardThreshold[year] ?? s.directAwardThresholdAllYears {
            for (i, v) in book.rows.enumerated() {
                for s in v.bySubcategory where s.off > threshold {
                    awards.append(DirectAward(supplier: shown[i].id, name: shown[i].name, subcategory: book.subcategories[s.sub], offContract: s.off,
                                              threshold: threshold))
                }
            }
        }
        awards.sort { $0.offContract != $1.offContract ? $0.offContract > $1.offContract : ($0.name, $0.subcategory) < ($1.name, $1.subcategory) }
        let valid = analyzer.contracts.valid(in: year, category: s.category)
        let expiring = try reprocurement(valid, year: year, figures: f, analyzer: analyzer)
        let ceilings = try ceilingForecasts(valid, year: year, figures: f, analyzer: analyzer)
        var report = YearReport(
            year: year, category: s.categoryName, rows: rows, total: total, lines: f.category.lines, invoices: invoices.all,
            suppliersWithSpend: book.rows.filter { $0.amount != 0 }.count, subcategories: subs, boards: boards,
            boardBySubcategory: bbs, buyers: sorted(f.buyers.map { Row(name: $0.key, amount: $0.value, share: Ratio($0.value, total)) }, \.amount, \.name),
            suppliers: suppliers, suppliersFor80: n80, tailSuppliers: tail.count, tailAmount: tail.reduce(0) { $0 + $1.amount },
            onContract: total - f.category.offContract, offContract: f.category.offContract,
            unclassified: f.unclassified, allSpend: f.allSpend,
            unclassifiedSuppliers: sorted(book.unclassified.map { u in (key: book.key(u.supplier), name: book.name(u.name), amount: u.amount) }, \.amount, \.name),
            unclassifiedAccounts: sorted(f.unclassifiedByAccount.map { (account: $0.key, amount: $0.value) }, \.amount, \.account),
            unmappedCostCentres: sorted(f.unmappedCostCentres.map { (code: $0.key, amount: $0.value) }, \.amount, \.code),
            contractRefs: f.contractRefs.map { (outcome: $0.key, amount: $0.value) }.sorted { $0.outcome < $1.outcome },
            validContracts: valid.count, expiring: expiring, ceilings: ceilings, directAwards: awards,
            invoiceHandlingCost: s.invoiceHandlingCost)
        report.addSections(f, book: book, shown: shown, threshold: s.directAwardThreshold[year] ?? s.directAwardThresholdAllYears)
        try report.checkLimits()
        return report
    }
}
