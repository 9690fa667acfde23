/// The id tables of a part's invoice records, translated to the ids of the analyzer the part is merged into.
struct PartTallyNames {
    var suppliers: [UInt32] = []
    var names: [UInt32] = []
    var subcategories: [UInt32] = []
    var cells: [UInt32] = []

    /// Writes `names` (the part's analyzer's) whole: every record's tag refers to them by id.
    static func encode(_ names: TallyNames, _ e: PartEncoder) {
        for pool in [names.suppliers, names.supplierNames] {
            let n = pool.count
            e.count(n)
            for i in 0..<UInt32(n) { e.name(pool[i]) }
        }
        let subcategories = names.subcategories.all
        e.count(subcategories.count)
        for s in subcategories { e.name(s) }
        let cells = names.cells.all
        e.count(cells.count)
        for c in cells { e.name(c.subcategory); e.name(c.board) }
    }

    /// Reads a part's id tables, interning each name in `names`.
    static func decode(_ d: PartDecoder, into names: TallyNames) throws -> PartTallyNames {
        var out = PartTallyNames()
        for _ in 0..<(try d.count(limit: Int(UInt32.max))) { out.suppliers.append(names.suppliers.id(try d.name())) }
        for _ in 0..<(try d.count(limit: Int(UInt32.max))) { out.names.append(names.supplierNames.id(try d.name())) }
        for _ in 0..<(try d.count(limit: Int(UInt32.max))) {
            out.subcategories.append(names.subcategories.id(try d.name()))
        }
        for _ in 0..<(try d.count(limit: Int(UInt32.max))) {
            let sub = try d.name(), board = try d.name()
            out.cells.append(names.cells.id(Cell(subcategory: sub, board: board)))
        }
        return out
    }
}

/// An invoice tally in a part: its records (the spilled ones read back, not the spill file's handle), bucket by
/// bucket, sorted and without repeats, each as the key's distance from the previous key and its tag's two ids.
extension InvoiceTally {
    /// Gives the names of spilled records interned elsewhere ids in this tally's names, so `encode` can write
    /// every tag with the ids `PartTallyNames.encode(names)` writes; call it before that.
    func internForeignNames() {
        for list in segments {
            for s in list where s.names !== names {
                for k in 0..<UInt32(s.names.suppliers.count) { _ = names.suppliers.id(s.names.suppliers[k]) }
                for c in s.names.cells.all { _ = names.cells.id(c) }
            }
        }
    }

    func encode(_ e: PartEncoder) throws {
        for b in buckets.indices where !buckets[b].isEmpty || !segments[b].isEmpty {
            var records = buckets[b]
            for s in segments[b] {
                var read = [Record](repeating: Record(key: 0, tag: 0), count: s.count)
                try read.withUnsafeMutableBytes { try s.file.read(at: s.offset, into: $0) }
                if s.names !== names {
                    for i in read.indices {
                        let t = read[i].tag
                        read[i].tag = InvoiceTally.tag(
                            supplier: names.suppliers.id(s.names.suppliers[UInt32(t >> 32)]),
                            cell: names.cells.id(s.names.cells.key(UInt32(truncatingIfNeeded: t))))
                    }
                }
                records += read
            }
            guard !records.isEmpty else { continue }
            records.sort()
            var n = 1
            for i in 1..<records.count where records[i] != records[n - 1] { records[n] = records[i]; n += 1 }
            e.count(n)
            var key: UInt64 = 0
            for r in records[..<n] {
                e.uint(r.key &- key); e.uint(r.tag >> 32); e.uint(r.tag & 0xFFFF_FFFF)
                key = r.key
            }
            try e.flushIfFull()
        }
        e.count(0)
        let singles = singleTriples()
        e.count(singles.count)
        for t in singles { e.uint(UInt64(t.supplier)); e.uint(UInt64(t.cell)); e.count(t.count) }
    }

    static func decode(_ d: PartDecoder, names: TallyNames, part: PartTallyNames) throws -> InvoiceTally {
        var t = InvoiceTally(names: names)
        func tag() throws -> UInt64 {
            let s = try d.uint(), c = try d.uint()
            guard s < UInt64(part.suppliers.count), c < UInt64(part.cells.count) else {
                throw d.corrupt("an invoice names an id it never defined")
            }
            return InvoiceTally.tag(supplier: part.suppliers[Int(s)], cell: part.cells[Int(c)])
        }
        while case let n = try d.count(), n > 0 {
            var key: UInt64 = 0
            for _ in 0..<n {
                key &+= try d.uint()
                t.add(key: key, tag: try tag())
            }
        }
        for _ in 0..<(try d.count()) {
            let g = try tag()
            t.addSingles(tag: g, count: try d.count())
        }
        return t
    }

    /// The single invoices as (supplier, cell, count) triples whose sums per supplier and per cell are the tally's
    /// (suppliers and cells in id order, each filled from the next in turn): the part format's shape, from which
    /// `decode` gets the same counts back.
    /// - Complexity: O(suppliers + cells) triples.
    func singleTriples() -> [(supplier: Int, cell: Int, count: Int)] {
        var out: [(supplier: Int, cell: Int, count: Int)] = []
        let cells = singleCells.nonZero
        var k = 0, left = cells.first?.1 ?? 0
        for (s, n) in singlesBySupplier {
            var need = n
            while need > 0 && k < cells.count {
                let take = min(need, left)
                out.append((s, cells[k].0, take))
                need -= take; left -= take
                if left == 0 { k += 1; left = k < cells.count ? cells[k].1 : 0 }
            }
        }
        return out
    }
}
