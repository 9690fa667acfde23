/// A year whose sums of money cannot be reported exactly: the run stops (exit 65) and nothing is published.
public struct MoneyOverflow: ExitCoded, Equatable {
    public var year: Int
    public var what: String
    public var description: String {
        "\(year): \(what) is beyond ±\(YearReport.maxFigureText) kr, more than spend adds up exactly; no report was written"
    }
    public var exitCode: Int32 { 65 }
}

extension YearReport {
    /// The largest figure a report holds, in öre (4·10¹⁶ kr, 400 rows at the row limit): under half of Int64,
    /// so the difference of two figures (a change against last year, spend on contract) fits as well.
    public static let maxFigure: Int64 = 4_000_000_000_000_000_000
    static let maxFigureText = "40 000 000 000 000 000"

    /// Throws unless `v` is within ±`maxFigure`.
    static func limit(_ v: Int64, year: Int, _ what: @autoclosure () -> String) throws(MoneyOverflow) {
        guard v.magnitude <= maxFigure.magnitude else { throw MoneyOverflow(year: year, what: what()) }
    }

    /// Throws unless the magnitudes of `amounts` add up to at most `maxFigure`, so that every partial sum of them
    /// (a cumulative share, the Pareto point, the tail) fits.
    static func limitSum<S: Sequence>(_ amounts: S, year: Int, _ what: @autoclosure () -> String) throws(MoneyOverflow)
    where S.Element == Int64 {
        var sum: UInt64 = 0
        for a in amounts {
            let (v, o) = sum.addingReportingOverflow(a.magnitude)
            guard !o, v <= maxFigure.magnitude else { throw MoneyOverflow(year: year, what: what()) }
            sum = v
        }
    }

    /// `count × each` (the handling cost of `count` invoices), refused beyond `maxFigure`.
    static func product(_ count: Int, _ each: Int64, year: Int, _ what: @autoclosure () -> String) throws(MoneyOverflow)
        -> Int64
    {
        let (v, o) = Int64(count).multipliedReportingOverflow(by: each)
        guard !o, v.magnitude <= maxFigure.magnitude else { throw MoneyOverflow(year: year, what: what()) }
        return v
    }

    /// Every amount the outputs print or subtract lies within ±`maxFigure`; the formatters rely on it.
    /// The suppliers' lists are checked on their rows' numbers (`SupplierRows.checkLimits`), before the report is made.
    func checkLimits() throws(MoneyOverflow) {
        let y = year
        for (v, what) in [
            (total, "the category's spend"), (offContract, "spend off contract"), (onContract, "spend on contract"),
            (allSpend, "all spend"), (unclassified, "unclassified spend"), (tailAmount, "the tail's spend"),
        ] {
            try Self.limit(v, year: y, what)
        }
        for s in subcategories {
            try Self.limit(s.amount, year: y, "spend in \(Fmt.clean(s.name))");
            try Self.limit(s.offContract, year: y, "spend off contract in \(Fmt.clean(s.name))")
            try Self.limit(s.largestSupplierAmount, year: y, "the largest supplier's spend in \(Fmt.clean(s.name))")
        }
        for b in boards {
            try Self.limit(b.amount, year: y, "spend of \(Fmt.clean(b.name))");
            try Self.limit(b.offContract, year: y, "spend off contract of \(Fmt.clean(b.name))")
        }
        for b in buyers { try Self.limit(b.amount, year: y, "spend of \(Fmt.clean(b.name))") }
        for b in boardBySubcategory {
            try Self.limit(b.amount, year: y, "spend of \(Fmt.clean(b.board)) in \(Fmt.clean(b.subcategory))")
        }
        for s in unclassifiedSuppliers {
            try Self.limit(s.amount, year: y, "unclassified spend with \(Fmt.clean(s.name))")
        }
        for a in unclassifiedAccounts {
            try Self.limit(a.amount, year: y, "unclassified spend on account \(Fmt.clean(a.account))")
        }
        for c in unmappedCostCentres { try Self.limit(c.amount, year: y, "spend of cost centre \(Fmt.clean(c.code))") }
        for r in contractRefs { try Self.limit(r.amount, year: y, "spend with contract reference \(r.outcome)") }
        for e in expiring { try Self.limit(e.yearlySpend, year: y, "spend on contract \(Fmt.clean(e.contract.id))") }
        for c in ceilings { try Self.limit(c.spent, year: y, "spend on contract \(Fmt.clean(c.contract.id))") }
        for d in directAwards { try Self.limit(d.offContract, year: y, "spend off contract with \(Fmt.clean(d.name))") }
        for c in categories { try Self.limit(c.amount, year: y, "spend in \(Fmt.clean(c.name))") }
        for m in months { try Self.limit(m, year: y, "a month's spend") }
        for k in directAwardKinds {
            try Self.limit(k.largestAmount, year: y, "spend off contract in \(Fmt.clean(k.subcategory))")
        }
        if invoiceHandlingCost != 0 {
            _ = try Self.product(invoices, invoiceHandlingCost, year: y, "the handling cost of \(invoices) invoices")
            _ = try Self.product(
                suppliers.map(\.invoices).max() ?? 0, invoiceHandlingCost, year: y, "a supplier's invoice handling cost"
            )
        }
    }
}

extension SupplierRows {
    /// The limits of the suppliers' figures, on the book's numbers: a row's name is made only for the message.
    /// - Complexity: O(suppliers + their subcategories), no `String` unless a figure is beyond the limit.
    func checkLimits(year y: Int) throws(MoneyOverflow) {
        for i in order.indices where row(i).off.magnitude > YearReport.maxFigure.magnitude {
            throw MoneyOverflow(year: y, what: "spend off contract with \(Fmt.clean(shownName(i)))")
        }
        try YearReport.limitSum(amounts, year: y, "the sum of the suppliers' spend")
        for (place, entry) in subList {
            let s = book.subs[Int(entry)]
            let what = {
                "with \(Fmt.clean(self.shownName(Int(place)))) in \(Fmt.clean(self.book.subcategories[Int(s.sub)]))"
            }
            try YearReport.limit(s.amount, year: y, "spend \(what())")
            try YearReport.limit(s.off, year: y, "spend off contract \(what())")
        }
    }
}
