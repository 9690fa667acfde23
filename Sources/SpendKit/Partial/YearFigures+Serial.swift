/// A year's figures in a part: every field, dictionaries in key order, the invoice tally's records last.
extension YearFigures {
    func encode(_ e: PartEncoder) throws {
        e.int(allSpend); e.int(unclassified)
        e.amounts(unclassifiedBySupplier)
        e.count(unclassifiedNames.count)
        for k in unclassifiedNames.keys.sorted() { e.name(k); e.name(unclassifiedNames[k]!) }
        e.amounts(unclassifiedByAccount)
        e.amounts(byCategory)
        category.encode(e)
        YearFigures.encode(subcategories, e) { $0.encode(e) }
        YearFigures.encode(boards, e) { $0.encode(e) }
        YearFigures.encode(boardBySubcategory, e) { e.amounts($0) }
        e.amounts(buyers)
        YearFigures.encode(suppliers, e) { $0.encode(e) }
        e.amounts(unmappedCostCentres)
        e.amounts(contractSpend)
        e.amounts(contractRefs)
        e.int(Int64(firstDay?.value ?? 0)); e.int(Int64(lastDay?.value ?? 0))
        for m in months { e.int(m) }
        e.int(overflow ? 1 : 0)
        try e.flushIfFull()
        try invoices.encode(e)
    }

    /// The figures as written, their invoice records interned in `names` (the merging analyzer's).
    static func decode(_ d: PartDecoder, names: TallyNames, tallyNames part: PartTallyNames) throws -> YearFigures {
        var f = YearFigures(names: names)
        f.allSpend = try d.int(); f.unclassified = try d.int()
        f.unclassifiedBySupplier = try d.amounts()
        for _ in 0..<(try d.count()) { f.unclassifiedNames[try d.name()] = try d.name() }
        f.unclassifiedByAccount = try d.amounts()
        f.byCategory = try d.amounts()
        f.category = try Group.decode(d)
        f.subcategories = try decode(d) { try Group.decode(d) }
        f.boards = try decode(d) { try Group.decode(d) }
        f.boardBySubcategory = try decode(d) { try d.amounts() }
        f.buyers = try d.amounts()
        f.suppliers = try decode(d) { try Supplier.decode(d) }
        f.unmappedCostCentres = try d.amounts()
        f.contractSpend = try d.amounts()
        f.contractRefs = try d.amounts()
        f.firstDay = try day(d); f.lastDay = try day(d)
        for m in 0..<12 { f.months[m] = try d.int() }
        f.overflow = try d.int() != 0
        f.invoices = try InvoiceTally.decode(d, names: names, part: part)
        return f
    }

    private static func encode<V>(_ dict: [String: V], _ e: PartEncoder, _ value: (V) -> Void) {
        e.count(dict.count)
        for k in dict.keys.sorted() { e.name(k); value(dict[k]!) }
    }

    private static func decode<V>(_ d: PartDecoder, _ value: () throws -> V) throws -> [String: V] {
        let n = try d.count()
        var out: [String: V] = [:]
        out.reserveCapacity(min(n, 1 << 16))
        for _ in 0..<n { out[try d.name()] = try value() }
        return out
    }

    private static func day(_ d: PartDecoder) throws -> Day? {
        let v = try d.int()
        if v == 0 { return nil }
        guard let day = Day(year: Int(v / 10000), month: Int(v / 100 % 100), day: Int(v % 100)) else { throw d.corrupt("\(v) is not a day") }
        return day
    }
}

extension YearFigures.Group {
    func encode(_ e: PartEncoder) {
        e.int(amount); e.int(offContract); e.count(lines)
        e.count(suppliers.count)
        for s in suppliers.sorted() { e.name(s) }
    }

    static func decode(_ d: PartDecoder) throws -> Self {
        var g = Self()
        g.amount = try d.int(); g.offContract = try d.int(); g.lines = try d.count()
        let n = try d.count()
        g.suppliers.reserveCapacity(min(n, 1 << 16))
        for _ in 0..<n { g.suppliers.insert(try d.name()) }
        return g
    }
}

extension YearFigures.Supplier {
    func encode(_ e: PartEncoder) {
        e.int(amount); e.int(offContract); e.count(lines)
        e.count(names.count)
        for k in names.keys.sorted() { e.name(k); e.count(names[k]!) }
        e.amounts(bySubcategory); e.amounts(offBySubcategory); e.amounts(byBoard)
    }

    static func decode(_ d: PartDecoder) throws -> Self {
        var s = Self()
        s.amount = try d.int(); s.offContract = try d.int(); s.lines = try d.count()
        for _ in 0..<(try d.count()) { s.names[try d.name()] = try d.count() }
        s.bySubcategory = try d.amounts(); s.offBySubcategory = try d.amounts(); s.byBoard = try d.amounts()
        return s
    }
}
