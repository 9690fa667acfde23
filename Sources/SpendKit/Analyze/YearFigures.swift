/// Everything counted for one year: mergeable, so parts of the input can be aggregated apart and combined.
public struct YearFigures: Sendable {
    public struct Group: Sendable {
        public var amount: Int64 = 0
        public var offContract: Int64 = 0
        public var lines = 0

        mutating func merge(_ o: Group, _ overflow: inout Bool) {
            addMoney(&amount, o.amount, &overflow); addMoney(&offContract, o.offContract, &overflow); lines += o.lines
        }
    }

    /// All spend of the year, every category.
    public var allSpend: Int64 = 0
    public var unclassified: Int64 = 0
    public var unclassifiedByAccount: [String: Int64] = [:]
    /// An account as `unclassifiedByAccount` keys it, in both paths: masked, `(inget konto)` for none.
    static func accountKey(_ account: String) -> String {
        account.isEmpty ? "(inget konto)" : PersonalData.masked(account)
    }
    public var byCategory: [String: Int64] = [:]

    /// The chosen category.
    public var category = Group()
    public var subcategories: [String: Group] = [:]
    public var boards: [String: Group] = [:]
    /// subcategory → board → amount
    public var boardBySubcategory: [String: [String: Int64]] = [:]
    public var buyers: [String: Int64] = [:]
    /// Per supplier: the category's spend by name and cell, and the unclassified spend (coverage).
    public var suppliers = SupplierBook()
    public var unmappedCostCentres: [String: Int64] = [:]
    /// Spend per contract id, with the first and last date seen, for ceilings and run rates.
    public var contractSpend: [String: Int64] = [:]
    /// Avtalstrohet: lines with a contract reference, by outcome.
    public var contractRefs: [ContractRefOutcome: Int64] = [:]
    public var firstDay: Day?
    public var lastDay: Day?
    /// The category's spend per month (January first) of the date that decides the year (`year_by`).
    public var months = [Int64](repeating: 0, count: 12)
    /// Distinct invoices of the category, by subcategory, board and supplier.
    public var invoices: InvoiceTally
    /// A sum of money went beyond Int64 (the release build would have wrapped it): the year cannot be reported,
    /// and `YearReport.build` stops the run (exit 65).
    public var overflow = false

    public init(names: TallyNames) { invoices = InvoiceTally(names: names) }

    /// Every sum is a checked add: an overflow sets `overflow` instead of wrapping.
    public mutating func merge(_ o: YearFigures) {
        if o.overflow { overflow = true }
        addMoney(&allSpend, o.allSpend, &overflow); addMoney(&unclassified, o.unclassified, &overflow)
        mergeMoney(&unclassifiedByAccount, o.unclassifiedByAccount, &overflow)
        mergeMoney(&byCategory, o.byCategory, &overflow)
        category.merge(o.category, &overflow)
        for (k, v) in o.subcategories { subcategories[k, default: Group()].merge(v, &overflow) }
        for (k, v) in o.boards { boards[k, default: Group()].merge(v, &overflow) }
        for (k, v) in o.boardBySubcategory { mergeMoney(&boardBySubcategory[k, default: [:]], v, &overflow) }
        mergeMoney(&buyers, o.buyers, &overflow)
        let names = invoices.names
        if suppliers.isEmpty && o.invoices.names === names {
            suppliers = o.suppliers  // a kernel's book, recorded into and handed back whole (`Analyzer.takeSuppliers`)
        } else {
            suppliers.merge(
                o.suppliers,
                map: o.invoices.names === names ? nil : SupplierBook.IDMap(from: o.invoices.names, to: names),
                names: names.supplierNames, &overflow)
        }
        mergeMoney(&unmappedCostCentres, o.unmappedCostCentres, &overflow)
        mergeMoney(&contractSpend, o.contractSpend, &overflow)
        mergeMoney(&contractRefs, o.contractRefs, &overflow)
        for m in 0..<12 { addMoney(&months[m], o.months[m], &overflow) }
        if let d = o.firstDay { firstDay = min(firstDay ?? d, d) }
        if let d = o.lastDay { lastDay = max(lastDay ?? d, d) }
        invoices.merge(o.invoices)
    }

    /// Adds `lines` lines of one subject's facts with their amount and off-contract part: outside the chosen
    /// category they count in all spend and coverage only.
    mutating func record(_ f: SubjectFacts, amount: Int64, off: Int64, lines: Int) {
        addMoney(&allSpend, amount, &overflow)
        addMoney(&byCategory[f.category, default: 0], amount, &overflow)
        if f.coverage && f.category == RuleTable.unclassified {
            addMoney(&unclassified, amount, &overflow)
            let names = invoices.names
            suppliers.recordUnclassified(
                supplier: names.suppliers.id(f.supplier.text), name: names.supplierNames.id(f.name), amount: amount,
                names: names.supplierNames, &overflow)
            addMoney(&unclassifiedByAccount[YearFigures.accountKey(f.account), default: 0], amount, &overflow)
        }
        guard f.inCategory else { return }
        let sub = f.classification.subcategory, board = f.board
        if !f.mapped && !f.costCentre.isEmpty {
            // masked where it is kept, so a part carries it masked too
            addMoney(&unmappedCostCentres[PersonalData.masked(f.costCentre), default: 0], amount, &overflow)
        }
        func add(_ g: inout Group, _ overflow: inout Bool) {
            addMoney(&g.amount, amount, &overflow); addMoney(&g.offContract, off, &overflow); g.lines += lines
        }
        add(&category, &overflow)
        add(&subcategories[sub, default: Group()], &overflow)
        add(&boards[board, default: Group()], &overflow)
        addMoney(&boardBySubcategory[sub, default: [:]][board, default: 0], amount, &overflow)
        if !f.buyer.isEmpty { addMoney(&buyers[f.buyer, default: 0], amount, &overflow) }
        let names = invoices.names
        suppliers.record(
            supplier: names.suppliers.id(f.supplier.text), name: f.name.isEmpty ? .max : names.supplierNames.id(f.name),
            sub: names.subcategories.id(sub), amount: amount, off: off, lines: lines, &overflow)
    }

    /// Adds the category's sums of one (classification, place) cell: what `record` adds for them, but suppliers,
    /// which the fast path records by id, and the totals and coverage, which it adds per classification.
    /// `unmappedCostCentre` is the cost centre when no board was found for it, else empty.
    mutating func recordCell(
        _ g: Group, subcategory sub: String, board: String, unmappedCostCentre: String, buyer: String
    ) {
        if !unmappedCostCentre.isEmpty {
            addMoney(&unmappedCostCentres[PersonalData.masked(unmappedCostCentre), default: 0], g.amount, &overflow)
        }
        category.merge(g, &overflow)
        subcategories[sub, default: Group()].merge(g, &overflow)
        boards[board, default: Group()].merge(g, &overflow)
        addMoney(&boardBySubcategory[sub, default: [:]][board, default: 0], g.amount, &overflow)
        if !buyer.isEmpty { addMoney(&buyers[buyer, default: 0], g.amount, &overflow) }
    }

    /// Adds a category amount to its month (1…12, of the date that decides the year): what `Analyzer.add` calls
    /// for each line, and the fast path's `flush` for its sums per month.
    public mutating func recordMonth(_ month: Int, amount: Int64) {
        guard (1...12).contains(month) else { return }
        addMoney(&months[month - 1], amount, &overflow)
    }

    /// The parts of a category line that depend on its day: contract spend, avtalstrohet and the period seen.
    mutating func recordDay(_ day: Day, amount: Int64, contract: String?, refOutcome: ContractRefOutcome?) {
        if let contract { addMoney(&contractSpend[contract, default: 0], amount, &overflow) }
        if let refOutcome { addMoney(&contractRefs[refOutcome, default: 0], amount, &overflow) }
        firstDay = min(firstDay ?? day, day)
        lastDay = max(lastDay ?? day, day)
    }
}

extension YearFigures {
    /// An invoice is one (supplier, invoice number) pair (SPEC §4), kept as a 64-bit FNV-1a hash so counting
    /// distinct invoices costs no string per line; lines without a number count by voucher, else (nil) one each.
    static func invoiceKey(supplier: SupplierKey, _ l: InvoiceLine) -> UInt64? {
        var h = FNV64()
        h.add(supplier.text.utf8)
        return invoiceKey(h, number: l.invoiceNumber.utf8, voucher: l.voucher.utf8)
    }

    /// The key from the supplier's hash state and the line's (trimmed) invoice number and voucher.
    @inline(__always) static func invoiceKey<S: Collection>(_ supplier: FNV64, number: S, voucher: S) -> UInt64?
    where S.Element == UInt8 {
        var h = supplier
        if !number.isEmpty {
            h.add(0x1F); h.add(0x31); h.add(number)
        } else if !voucher.isEmpty {
            h.add(0x1F); h.add(0x32); h.add(voucher)
        } else {
            return nil
        }
        return h.value
    }
}

/// `sum += amount`, checked: on overflow `overflow` is set (the sum is then meaningless and never reported), so
/// the `-Ounchecked` release build cannot wrap a figure and the debug build does not trap.
@inline(__always) func addMoney(_ sum: inout Int64, _ amount: Int64, _ overflow: inout Bool) {
    if sum.addOverflows(amount) { overflow = true }
}

extension Int64 {
    /// `self += amount`, checked: true when the sum overflowed (it is then meaningless), for the fast path's sums.
    @inline(__always) mutating func addOverflows(_ amount: Int64) -> Bool {
        let (v, o) = addingReportingOverflow(amount)
        self = v
        return o
    }
}

/// `sums.merge(other, uniquingKeysWith: +)`, checked as `addMoney`.
func mergeMoney<K: Hashable>(_ sums: inout [K: Int64], _ other: [K: Int64], _ overflow: inout Bool) {
    for (k, v) in other { addMoney(&sums[k, default: 0], v, &overflow) }
}
