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

    /// The tag of a supplier key and a cell, interned.
    public func tag(supplier: String, subcategory: String, board: String) -> UInt64 {
        InvoiceTally.tag(supplier: names.suppliers.id(supplier), cell: names.cells.id(Cell(subcategory: subcategory, board: board)))
    }

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
    public func count() -> Counts {
        var bySupplier: [UInt32: Int] = [:], bySub: [String: Int] = [:], byBoard: [String: Int] = [:]
        var all = singles.count
        var cells: [UInt32: Cell] = [:]
        func cell(_ t: UInt64) -> Cell {
            let id = UInt32(truncatingIfNeeded: t)
            if let c = cells[id] { return c }
            let c = names.cells.key(id)
            cells[id] = c
            return c
        }
        for t in singles {
            let c = cell(t)
            bySupplier[UInt32(t >> 32), default: 0] += 1
            bySub[c.subcategory, default: 0] += 1
            byBoard[c.board, default: 0] += 1
        }
        var subs: [String] = [], boards: [String] = [], suppliers: [UInt64] = []
        for bucket in buckets where !bucket.isEmpty {
            let sorted = bucket.sorted()
            var i = 0
            while i < sorted.count {
                let key = sorted[i].key
                all += 1
                if i + 1 == sorted.count || sorted[i + 1].key != key {  // the usual case: one record per invoice
                    let t = sorted[i].tag, c = cell(t)
                    bySupplier[UInt32(t >> 32), default: 0] += 1
                    bySub[c.subcategory, default: 0] += 1
                    byBoard[c.board, default: 0] += 1
                    i += 1
                    continue
                }
                subs.removeAll(keepingCapacity: true); boards.removeAll(keepingCapacity: true); suppliers.removeAll(keepingCapacity: true)
                repeat {
                    let t = sorted[i].tag, c = cell(t)
                    if !suppliers.contains(t >> 32) { suppliers.append(t >> 32); bySupplier[UInt32(t >> 32), default: 0] += 1 }
                    if !subs.contains(c.subcategory) { subs.append(c.subcategory); bySub[c.subcategory, default: 0] += 1 }
                    if !boards.contains(c.board) { boards.append(c.board); byBoard[c.board, default: 0] += 1 }
                    i += 1
                } while i < sorted.count && sorted[i].key == key
            }
        }
        var out = Counts()
        out.all = all
        out.bySubcategory = bySub
        out.byBoard = byBoard
        for (id, n) in bySupplier { out.bySupplier[names.suppliers.key(id)] = n }
        return out
    }
}
