/// Everything counted for one year: mergeable, so parts of the input can be aggregated apart and combined.
public struct YearFigures: Sendable {
    public struct Supplier: Sendable {
        public var amount: Int64 = 0
        public var offContract: Int64 = 0
        public var lines = 0
        public var names: [String: Int] = [:]
        public var bySubcategory: [String: Int64] = [:]
        public var offBySubcategory: [String: Int64] = [:]
        public var byBoard: [String: Int64] = [:]

        /// The most frequent name, ties to the alphabetically first.
        public var name: String {
            names.largestKey ?? ""
        }

        mutating func merge(_ o: Supplier) {
            amount += o.amount; offContract += o.offContract; lines += o.lines
            names.merge(o.names, uniquingKeysWith: +)
            bySubcategory.merge(o.bySubcategory, uniquingKeysWith: +)
            offBySubcategory.merge(o.offBySubcategory, uniquingKeysWith: +)
            byBoard.merge(o.byBoard, uniquingKeysWith: +)
        }
    }

    public struct Group: Sendable {
        public var amount: Int64 = 0
        public var offContract: Int64 = 0
        public var lines = 0
        public var suppliers = Set<String>()

        mutating func merge(_ o: Group) {
            amount += o.amount; offContract += o.offContract; lines += o.lines
            suppliers.formUnion(o.suppliers)
        }
    }

    /// All spend of the year, every category.
    public var allSpend: Int64 = 0
    public var unclassified: Int64 = 0
    public var unclassifiedBySupplier: [String: Int64] = [:]
    public var unclassifiedNames: [String: String] = [:]
    public var unclassifiedByAccount: [String: Int64] = [:]
    public var byCategory: [String: Int64] = [:]

    /// The chosen category.
    public var category = Group()
    public var subcategories: [String: Group] = [:]
    public var boards: [String: Group] = [:]
    /// subcategory → board → amount
    public var boardBySubcategory: [String: [String: Int64]] = [:]
    public var buyers: [String: Int64] = [:]
    public var suppliers: [String: Supplier] = [:]
    public var unmappedCostCentres: [String: Int64] = [:]
    /// Spend per contract id, with the first and last date seen, for ceilings and run rates.
    public var contractSpend: [String: Int64] = [:]
    /// Avtalstrohet: lines with a contract reference, by outcome ("ok", "unknown", "expired", "other supplier").
    public var contractRefs: [String: Int64] = [:]
    public var firstDay: Day?
    public var lastDay: Day?
    /// Distinct invoices of the category, by subcategory, board and supplier.
    public var invoices: InvoiceTally

    public init(names: TallyNames) { invoices = InvoiceTally(names: names) }

    public mutating func merge(_ o: YearFigures) {
        allSpend += o.allSpend; unclassified += o.unclassified
        unclassifiedBySupplier.merge(o.unclassifiedBySupplier, uniquingKeysWith: +)
        unclassifiedNames.merge(o.unclassifiedNames) { a, b in min(a, b) }
        unclassifiedByAccount.merge(o.unclassifiedByAccount, uniquingKeysWith: +)
        byCategory.merge(o.byCategory, uniquingKeysWith: +)
        category.merge(o.category)
        for (k, v) in o.subcategories { subcategories[k, default: Group()].merge(v) }
        for (k, v) in o.boards { boards[k, default: Group()].merge(v) }
        for (k, v) in o.boardBySubcategory { boardBySubcategory[k, default: [:]].merge(v, uniquingKeysWith: +) }
        buyers.merge(o.buyers, uniquingKeysWith: +)
        for (k, v) in o.suppliers { suppliers[k, default: Supplier()].merge(v) }
        unmappedCostCentres.merge(o.unmappedCostCentres, uniquingKeysWith: +)
        contractSpend.merge(o.contractSpend, uniquingKeysWith: +)
        contractRefs.merge(o.contractRefs, uniquingKeysWith: +)
        if let d = o.firstDay { firstDay = min(firstDay ?? d, d) }
        if let d = o.lastDay { lastDay = max(lastDay ?? d, d) }
        invoices.merge(o.invoices)
    }

    /// Adds `lines` lines of one subject's facts with their amount and off-contract part: outside the chosen
    /// category they count in all spend and coverage only.
    mutating func record(_ f: SubjectFacts, amount: Int64, off: Int64, lines: Int) {
        allSpend += amount
        byCategory[f.category, default: 0] += amount
        if f.coverage && f.category == RuleTable.unclassified {
            unclassified += amount
            unclassifiedBySupplier[f.supplier, default: 0] += amount
            if let n = unclassifiedNames[f.supplier], n <= f.name {} else { unclassifiedNames[f.supplier] = f.name }
            unclassifiedByAccount[f.account.isEmpty ? "(inget konto)" : f.account, default: 0] += amount
        }
        guard f.inCategory else { return }
        let sub = f.classification.subcategory, board = f.board, supplier = f.supplier
        if !f.mapped && !f.costCentre.isEmpty { unmappedCostCentres[f.costCentre, default: 0] += amount }
        func add(_ g: inout Group) {
            g.amount += amount; g.offContract += off; g.lines += lines
            g.suppliers.insert(supplier)
        }
        add(&category)
        add(&subcategories[sub, default: Group()])
        add(&boards[board, default: Group()])
        boardBySubcategory[sub, default: [:]][board, default: 0] += amount
        if !f.buyer.isEmpty { buyers[f.buyer, default: 0] += amount }
        suppliers[supplier, default: Supplier()].record(f, amount: amount, off: off, lines: lines)
    }

    /// The parts of a category line that depend on its day: contract spend, avtalstrohet and the period seen.
    mutating func recordDay(_ day: Day, amount: Int64, contract: String?, refOutcome: String?) {
        if let contract { contractSpend[contract, default: 0] += amount }
        if let refOutcome { contractRefs[refOutcome, default: 0] += amount }
        firstDay = min(firstDay ?? day, day)
        lastDay = max(lastDay ?? day, day)
    }
}

extension YearFigures {
    /// An invoice is one (supplier, invoice number) pair (SPEC §4), kept as a 64-bit FNV-1a hash so counting
    /// distinct invoices costs no string per line; lines without a number count by voucher, else (nil) one each.
    static func invoiceKey(supplier: String, _ l: InvoiceLine) -> UInt64? {
        var h = FNV64()
        h.add(supplier.utf8)
        return invoiceKey(h, number: l.invoiceNumber.utf8, voucher: l.voucher.utf8)
    }

    /// The key from the supplier's hash state and the line's (trimmed) invoice number and voucher.
    @inline(__always) static func invoiceKey<S: Collection>(_ supplier: FNV64, number: S, voucher: S) -> UInt64? where S.Element == UInt8 {
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

extension YearFigures.Supplier {
    mutating func record(_ f: SubjectFacts, amount a: Int64, off: Int64, lines n: Int) {
        amount += a; offContract += off; lines += n
        if !f.name.isEmpty { names[f.name, default: 0] += n }
        bySubcategory[f.classification.subcategory, default: 0] += a
        offBySubcategory[f.classification.subcategory, default: 0] += off
        byBoard[f.board, default: 0] += a
    }
}
