/// A year's figures in a part: every field, dictionaries in key order, the invoice tally's records last.
extension YearFigures {
    func encode(_ e: PartEncoder) throws {
        e.int(allSpend); e.int(unclassified)
        e.amounts(unclassifiedByAccount)
        e.amounts(byCategory)
        category.encode(e)
        YearFigures.encode(subcategories, e) { $0.encode(e) }
        YearFigures.encode(boards, e) { $0.encode(e) }
        YearFigures.encode(boardBySubcategory, e) { e.amounts($0) }
        e.amounts(buyers)
        suppliers.encode(e)
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
        f.unclassifiedByAccount = try d.amounts()
        f.byCategory = try d.amounts()
        f.category = try Group.decode(d)
        f.subcategories = try decode(d) { try Group.decode(d) }
        f.boards = try decode(d) { try Group.decode(d) }
        f.boardBySubcategory = try decode(d) { try d.amounts() }
        f.buyers = try d.amounts()
        var overflow = false
        f.suppliers.merge(
            try SupplierBook.decode(d, part: part),
            map: SupplierBook.IDMap(suppliers: part.suppliers, names: part.names, subcategories: part.subcategories),
            names: names.supplierNames, &overflow)
        if overflow { f.overflow = true }
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
        guard let day = Day(year: Int(v / 10000), month: Int(v / 100 % 100), day: Int(v % 100)) else {
            throw d.corrupt("\(v) is not a day")
        }
        return day
    }
}

extension YearFigures.Group {
    func encode(_ e: PartEncoder) {
        e.int(amount); e.int(offContract); e.count(lines)
    }

    static func decode(_ d: PartDecoder) throws -> Self {
        var g = Self()
        g.amount = try d.int(); g.offContract = try d.int(); g.lines = try d.count()
        return g
    }
}

extension SupplierBook {
    /// Entries in order, then the further names and subcategories in key order; ids are the part's (`PartTallyNames`),
    /// `.max` written as 0 and every other id as id + 1.
    func encode(_ e: PartEncoder) {
        func id(_ i: UInt32) -> Int { i == .max ? 0 : Int(i) + 1 }
        e.count(entries.count)
        for x in entries {
            e.count(Int(x.supplier)); e.count(Int(x.lines)); e.count(Int(x.nameCount))
            e.int(x.amount); e.int(x.off); e.int(x.unclassified)
            e.count(id(x.name)); e.count(id(x.sub)); e.count(id(x.unclassifiedName))
        }
        e.count(moreNames.count)
        for k in moreNames.keys.sorted() {
            e.count(Int(k >> 32)); e.count(Int(k & 0xFFFF_FFFF)); e.count(moreNames[k]!)
        }
        e.count(moreSubs.count)
        for k in moreSubs.keys.sorted() {
            let m = moreSubs[k]!
            e.count(Int(k >> 32)); e.count(Int(k & 0xFFFF_FFFF)); e.int(m.amount); e.int(m.off)
        }
    }

    /// A book as written, its ids still the part's: checked against the part's tables, for `merge(_:map:)`.
    static func decode(_ d: PartDecoder, part: PartTallyNames) throws -> SupplierBook {
        func id(_ n: Int, _ limit: Int, _ what: String) throws -> UInt32 {
            if n == 0 { return .max }
            guard n <= limit else { throw d.corrupt("a supplier's \(what) has an id it never defined") }
            return UInt32(n - 1)
        }
        func supplier() throws -> UInt32 {
            let s = try d.count()
            guard s < part.suppliers.count else { throw d.corrupt("a supplier has an id it never defined") }
            return UInt32(s)
        }
        var entries: [Entry] = []
        for _ in 0..<(try d.count()) {
            var x = Entry(supplier: try supplier())
            x.lines = Int32(try d.count(limit: Int(Int32.max))); x.nameCount = Int32(try d.count(limit: Int(Int32.max)))
            x.amount = try d.int(); x.off = try d.int(); x.unclassified = try d.int()
            x.name = try id(try d.count(), part.names.count, "name")
            x.sub = try id(try d.count(), part.subcategories.count, "subcategory")
            x.unclassifiedName = try id(try d.count(), part.names.count, "name")
            entries.append(x)
        }
        var names: [UInt64: Int] = [:], subs: [UInt64: Money] = [:]
        for _ in 0..<(try d.count()) {
            let s = try supplier(), n = try id(try d.count() + 1, part.names.count, "name")
            names[UInt64(s) << 32 | UInt64(n)] = try d.count()
        }
        for _ in 0..<(try d.count()) {
            let s = try supplier(), c = try id(try d.count() + 1, part.subcategories.count, "subcategory")
            subs[UInt64(s) << 32 | UInt64(c)] = Money(amount: try d.int(), off: try d.int())
        }
        return SupplierBook(entries: entries, moreNames: names, moreSubs: subs)
    }
}
