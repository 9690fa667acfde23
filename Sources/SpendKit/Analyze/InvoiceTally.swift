/// Distinct invoices of the category, per subcategory, board and supplier, from one record per (invoice,
/// subcategory, board) rather than four hash sets per line.
///
/// A record is the invoice's 64-bit key and a tag packing the ids of its supplier and (subcategory, board) cell.
/// Records go into buckets by the key's top bits; counting sorts one bucket at a time. Merging appends, so parts of
/// the input tally apart. Lines with neither invoice number nor voucher count as one invoice each (`singles`).
/// - Complexity: O(1) per line; counting O(n log(n / buckets)).
public struct InvoiceTally: Sendable {
    struct Record: Hashable, Comparable, Sendable {
        var key: UInt64
        var tag: UInt64
        static func < (a: Record, b: Record) -> Bool { a.key != b.key ? a.key < b.key : a.tag < b.tag }
    }

    /// What `count()` gives: distinct invoices in all and by id.
    public struct Counts: Sendable {
        public var all = 0
        public var bySubcategory: [String: Int] = [:]
        public var byBoard: [String: Int] = [:]
        public var bySupplier: [String: Int] = [:]
    }

    static let bucketBits = 8
    private(set) var buckets = [[Record]](repeating: [], count: 1 << bucketBits)
    private(set) var singles: [UInt64] = []
    private var last = Record(key: 0, tag: .max)
    public let names: TallyNames

    public init(names: TallyNames) { self.names = names }

    @inline(__always) static func tag(supplier: UInt32, cell: UInt32) -> UInt64 { UInt64(supplier) << 32 | UInt64(cell) }

    /// Adds one line's invoice (nil: a line without number or voucher, an invoice of its own).
    @inline(__always) public mutating func add(key: UInt64?, tag: UInt64) {
        guard let key else { singles.append(tag); return }
        let r = Record(key: key, tag: tag)
        if r == last { return }
        last = r
        buckets[Int(truncatingIfNeeded: key >> UInt64(64 - InvoiceTally.bucketBits))].append(r)
    }

    /// Adds another tally's records; its ids are translated when it interned names elsewhere.
    public mutating func merge(_ o: InvoiceTally) {
        if o.names === names {
            for b in 0..<buckets.count { buckets[b] += o.buckets[b] }
            singles += o.singles
            return
        }
        func remap(_ t: UInt64) -> UInt64 {
            InvoiceTally.tag(supplier: names.suppliers.id(o.names.suppliers.key(UInt32(t >> 32))),
                             cell: names.cells.id(o.names.cells.key(UInt32(truncatingIfNeeded: t))))
        }
        for b in 0..<buckets.count { buckets[b] += o.buckets[b].map { Record(key: $0.key, tag: remap($0.tag)) } }
        singles += o.singles.map(remap)
    }

    /// Distinct invoices: an invoice counts once in all, once per subcategory, board and supplier it touches.
    /// Counted by dense ids; strings are made once per name at the end.
    public func count() -> Counts {
        let cells = names.cells.all
        var subIndex: [String: Int] = [:], boardIndex: [String: Int] = [:]
        var subNames: [String] = [], boardNames: [String] = []
        var cellSub: [Int] = [], cellBoard: [Int] = []
        for c in cells {
            if subIndex[c.subcategory] == nil { subIndex[c.subcategory] = subNames.count; subNames.append(c.subcategory) }
            if boardIndex[c.board] == nil { boardIndex[c.board] = boardNames.count; boardNames.append(c.board) }
            cellSub.append(subIndex[c.subcategory]!); cellBoard.append(boardIndex[c.board]!)
        }
        let supplierNames = names.suppliers.all
        var bySupplier = [Int](repeating: 0, count: supplierNames.count)
        var bySub = [Int](repeating: 0, count: subNames.count), byBoard = [Int](repeating: 0, count: boardNames.count)
        var all = singles.count
        for t in singles {
            bySupplier[Int(t >> 32)] += 1
            bySub[cellSub[Int(t & 0xFFFF_FFFF)]] += 1
            byBoard[cellBoard[Int(t & 0xFFFF_FFFF)]] += 1
        }
        var subs: [Int] = [], boards: [Int] = [], suppliers: [Int] = []
        for bucket in buckets where !bucket.isEmpty {
            let sorted = bucket.sorted()
            var i = 0
            while i < sorted.count {
                let key = sorted[i].key
                all += 1
                if i + 1 == sorted.count || sorted[i + 1].key != key {  // the usual case: one record per invoice
                    let t = sorted[i].tag
                    bySupplier[Int(t >> 32)] += 1
                    bySub[cellSub[Int(t & 0xFFFF_FFFF)]] += 1
                    byBoard[cellBoard[Int(t & 0xFFFF_FFFF)]] += 1
                    i += 1
                    continue
                }
                subs.removeAll(keepingCapacity: true); boards.removeAll(keepingCapacity: true); suppliers.removeAll(keepingCapacity: true)
                repeat {
                    let t = sorted[i].tag
                    let sp = Int(t >> 32), sb = cellSub[Int(t & 0xFFFF_FFFF)], bd = cellBoard[Int(t & 0xFFFF_FFFF)]
                    if !suppliers.contains(sp) { suppliers.append(sp); bySupplier[sp] += 1 }
                    if !subs.contains(sb) { subs.append(sb); bySub[sb] += 1 }
                    if !boards.contains(bd) { boards.append(bd); byBoard[bd] += 1 }
                    i += 1
                } while i < sorted.count && sorted[i].key == key
            }
        }
        var out = Counts()
        out.all = all
        for (i, n) in bySub.enumerated() where n > 0 { out.bySubcategory[subNames[i]] = n }
        for (i, n) in byBoard.enumerated() where n > 0 { out.byBoard[boardNames[i]] = n }
        for (i, n) in bySupplier.enumerated() where n > 0 { out.bySupplier[supplierNames[i]] = n }
        return out
    }
}
