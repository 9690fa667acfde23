import SpendCore

/// A kernel's flush: its sums handed to the analyzer as `YearFigures`, then the tables that filled up forgotten.
extension LineKernel {
    /// Adds the sums to the analyzer's `YearFigures` and starts afresh: suppliers per class by their pool ids, the
    /// rest per (classification, place class) cell, so the figures' `String` keys are looked up per cell only.
    /// - Complexity: O(classes + cells) per year.
    func flush() {
        drain()  // nothing held back is left out (from within `drain`, nothing is held back)
        flushes += 1
        let register = analyzer.contracts.contracts
        let names = analyzer.names
        for y in years where y.touched {
            var fig = YearFigures(names: names)
            fig.suppliers = analyzer.takeSuppliers(year: y.year)
            fig.overflow = y.overflow
            var catAmount = [Int64](repeating: 0, count: cats.count), catLines = [Int](repeating: 0, count: cats.count)
            var unknown: Int64 = 0, otherSupplier: Int64 = 0, unknownLines = 0, otherLines = 0
            typealias Sum = YearSums.Sum
            for a in 0..<y.classCount where y.classSum(a, Sum.lines) > 0 {
                let k = classes[a], h = hot[a], c = Int(h.cat)
                let amount = y.classSum(a, Sum.amount)
                if cats[c].coverage && cats[c].unclassified {
                    fig.suppliers.recordUnclassified(
                        supplier: h.supplier, name: k.name, amount: amount, names: names.supplierNames, &fig.overflow)
                }
                guard cats[c].inCategory else { continue }
                fig.suppliers.record(
                    supplier: h.supplier, name: k.namedName, sub: cats[c].sub, amount: amount,
                    off: y.classSum(a, Sum.off), lines: Int(y.classSum(a, Sum.lines)),
                    &fig.overflow)
                switch k.reference {
                case .unknown: addMoney(&unknown, amount, &fig.overflow); unknownLines += 1
                case .otherSupplier: addMoney(&otherSupplier, amount, &fig.overflow); otherLines += 1
                default: break
                }
            }
            for e in 0..<y.cellCount where y.cellSum(e, Sum.lines) > 0 {
                let (c, place) = (Int(cellKeys[e].cat), Int(cellKeys[e].place))
                let amount = y.cellSum(e, Sum.amount)
                let lines = Int(y.cellSum(e, Sum.lines))
                addMoney(&fig.allSpend, amount, &fig.overflow)
                addMoney(&catAmount[c], amount, &fig.overflow)
                catLines[c] += lines
                guard cats[c].inCategory else { continue }
                let p = places[place]
                fig.recordCell(
                    .init(amount: amount, offContract: y.cellSum(e, Sum.off), lines: lines),
                    subcategory: cats[c].classification.subcategory,
                    board: p.board, unmappedCostCentre: p.mapped ? "" : p.costCentre, buyer: p.buyer)
            }
            for c in cats.indices where catLines[c] > 0 {
                addMoney(&fig.byCategory[cats[c].classification.category, default: 0], catAmount[c], &fig.overflow)
                if cats[c].coverage && cats[c].unclassified { addMoney(&fig.unclassified, catAmount[c], &fig.overflow) }
            }
            for i in 0..<y.accountCount where y.accountSums[YearSums.Sum.accountStride * i + Sum.accountLines] > 0 {
                let a = i - 1, amount = y.accountSums[YearSums.Sum.accountStride * i + Sum.amount]
                let account = YearFigures.accountKey(a >= 0 ? columns.accountStrings[a] : "")
                addMoney(&fig.unclassifiedByAccount[account, default: 0], amount, &fig.overflow)
            }
            if unknownLines > 0 { addMoney(&fig.contractRefs[.unknown, default: 0], unknown, &fig.overflow) }
            if otherLines > 0 { addMoney(&fig.contractRefs[.otherSupplier, default: 0], otherSupplier, &fig.overflow) }
            for i in register.indices where y.contractLines[i] > 0 {
                addMoney(&fig.contractSpend[register[i].id, default: 0], y.contractAmount[i], &fig.overflow)
            }
            for (k, name) in [ContractRefOutcome.ok, .expired].enumerated() where y.refLines[k] > 0 {
                addMoney(&fig.contractRefs[name, default: 0], y.refAmount[k], &fig.overflow)
            }
            for m in 0..<12 where y.months[m] != 0 { fig.recordMonth(m + 1, amount: y.months[m]) }
            fig.firstDay = y.first
            fig.lastDay = y.last
            fig.invoices = y.tally
            analyzer.merge(year: y.year, fig)
        }
        for y in years where y.touched { y.reset(tally: InvoiceTally(names: names)) }  // the others are still zero
        forgetSubjects()
    }
}
