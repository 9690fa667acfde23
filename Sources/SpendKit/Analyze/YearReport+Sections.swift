extension YearReport {
    /// Spend on contract `k` from its start to the end of `year`, over every year analysed.
    static func spentToDate(_ k: Contract, year: Int, analyzer: Analyzer) throws -> Int64 {
        var spent: Int64 = 0, overflow = false
        for (y, fy) in analyzer.years where y <= year {
            overflow = overflow || fy.overflow
            addMoney(&spent, fy.contractSpend[k.id] ?? 0, &overflow)
        }
        if overflow { throw MoneyOverflow(year: year, what: "spend on contract \(Fmt.clean(k.id)) since it started") }
        try limit(spent, year: year, "spend on contract \(Fmt.clean(k.id)) since it started")
        return spent
    }

    /// Contracts with spend whose procurement must start within the coming year (end or extension minus the lead
    /// time); a start-by date before the year's last day of data is flagged as past. Amendments without spend of
    /// their own are left out: they are procured with their contract.
    static func reprocurement(_ valid: [Contract], year: Int, figures f: YearFigures, analyzer: Analyzer) throws
        -> [Expiring]
    {
        let s = analyzer.settings
        // The coming year's end, or the last day a `Day` holds for a year of data at the end of `Day.years`.
        let horizon = Day(year: min(year + 1, Day.years.upperBound), month: 12, day: 31)!
        let asOf = f.lastDay ?? Day(year: year, month: 12, day: 31)!
        var out: [Expiring] = []
        for k in valid {
            let end = k.lastDay
            let lead = s.leadTimeMonths[k.subcategory] ?? s.defaultLeadTime
            var m = end.year * 12 + (end.month - 1) - lead
            if m < 0 { m = 0 }
            let start = Day(
                year: m / 12, month: m % 12 + 1, day: min(end.day, Day.daysIn(year: m / 12, month: m % 12 + 1)))!
            guard start <= horizon && end.year >= year, try spentToDate(k, year: year, analyzer: analyzer) != 0 else {
                continue
            }
            out.append(
                Expiring(
                    contract: k, endsOn: end, mustStartBy: start, yearlySpend: f.contractSpend[k.id] ?? 0,
                    leadMonths: lead,
                    past: start < asOf))
        }
        out.sort { ($0.mustStartBy, $0.contract.id) < ($1.mustStartBy, $1.contract.id) }
        return out
    }

    /// Framework ceilings: spend so far and, by the run rate over the days seen, the day the ceiling is reached,
    /// only when that day falls within the contract's life (its extension included).
    static func ceilingForecasts(_ valid: [Contract], year: Int, figures f: YearFigures, analyzer: Analyzer) throws
        -> [Ceiling]
    {
        var out: [Ceiling] = []
        for k in valid {
            guard let cap = k.ceiling, cap > 0 else { continue }
            let spent = try spentToDate(k, year: year, analyzer: analyzer)
            let end = k.lastDay
            var reach = Reach.unknown
            if spent >= cap {
                reach = .reached
            } else if let last = f.lastDay, spent > 0 {
                let days = max(1, last.ordinal - k.from.ordinal + 1)
                let remainingDays = ((Double(cap) - Double(spent)) / Double(spent) * Double(days)).rounded(.up)
                // compared in days, so a projection centuries ahead never becomes a date
                reach =
                    remainingDays <= Double(end.ordinal - last.ordinal)
                    ? .projected(Day(ordinal: last.ordinal + Int(remainingDays))!) : .notBeforeEnd
            }
            out.append(Ceiling(contract: k, spent: spent, share: Ratio(spent, cap), endsOn: end, reach: reach))
        }
        out.sort {
            $0.share.scaled(6) != $1.share.scaled(6)
                ? $0.share.scaled(6) > $1.share.scaled(6) : $0.contract.id < $1.contract.id
        }
        return out
    }

    /// The sections derived after the main figures: categories, months, suppliers per subcategory, and direct-award
    /// risk per kind of purchase.
    mutating func addSections(_ f: YearFigures, list: SupplierRows, threshold: Int64?) {
        func sorted<T>(_ xs: [T], _ amount: (T) -> Int64, _ name: (T) -> String) -> [T] {
            xs.sorted { amount($0) != amount($1) ? amount($0) > amount($1) : name($0) < name($1) }
        }
        let all = allSpend
        categories = sorted(
            f.byCategory.filter { $0.key != RuleTable.unclassified && $0.value != 0 }
                .map { Row(name: $0.key, amount: $0.value, share: Ratio($0.value, all)) }, \.amount, \.name)
        var monthSum: Int64 = 0, overflow = false
        for m in f.months { addMoney(&monthSum, m, &overflow) }
        months = !overflow && monthSum == total ? f.months : []
        directAwardThreshold = threshold
        asOf = f.lastDay
        var kinds: [String: DirectAwardKind] = [:]
        for (place, entry) in list.subList where list.book.subs[Int(entry)].off != 0 {
            let s = list.book.subs[Int(entry)]
            let sub = list.book.subcategories[Int(s.sub)], off = s.off, name = list.shownName(Int(place))
            var k =
                kinds[sub]
                ?? DirectAwardKind(
                    subcategory: sub, offContract: 0, suppliers: 0, largestSupplier: nil, largestAmount: 0,
                    threshold: threshold)
            k.suppliers += 1
            if k.largestSupplier == nil || off > k.largestAmount
                || (off == k.largestAmount && name < k.largestSupplier!)
            {
                k.largestSupplier = name; k.largestAmount = off
            }
            kinds[sub] = k
        }
        subcategorySuppliers = list.subcategorySuppliers
        for sub in subcategories { kinds[sub.name]?.offContract = sub.offContract }
        directAwardKinds = sorted(kinds.values.filter { $0.offContract != 0 }, \.offContract, \.subcategory)
    }
}
