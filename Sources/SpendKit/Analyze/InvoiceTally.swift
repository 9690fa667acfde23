import Foundation

/// Distinct invoices of the category, per subcategory, board and supplier, from one record per (invoice,
/// subcategory, board) rather than four hash sets per line.
///
/// A record is the invoice's 64-bit key and a tag packing the ids of its supplier and (subcategory, board) cell.
/// Records go into buckets by the key's top bits; counting sorts one bucket at a time. Merging appends, so parts of
/// the input tally apart. Lines with neither invoice number nor voucher count as one invoice each: only their
/// number per supplier and per cell is kept (`singlesBySupplier`, `singleCells`), all the count needs of them.
/// Beyond `names.budget` records in memory, every bucket is sorted, rid of repeats and written to a `SpillFile`
/// file, so memory stays bounded however many invoices there are; counting reads one bucket's segments back at a time.
/// - Complexity: O(1) per line amortised; counting O(n log(n / buckets)).
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
        /// By supplier id (`TallyNames.suppliers`); ids beyond the end have none.
        public var bySupplier: [Int] = []
    }

    static let bucketBits = 8
    private(set) var buckets = [[Record]](repeating: [], count: 1 << bucketBits)
    /// Records of a bucket written out of memory, with the ids their tags are in.
    struct Segment: Sendable {
        let file: SpillFile
        let offset: Int
        let count: Int
        let names: TallyNames
    }

    /// Records of each bucket written out of memory.
    private(set) var segments = [[Segment]](repeating: [], count: 1 << bucketBits)
    /// Invoices of lines without number or voucher (each its own), by cell id, and by supplier id: added in a small
    /// table (`recentSingles`, one flush's suppliers) and kept, once merged or past `recentLimit`, in an array by id
    /// (8 bytes a supplier, where a table by (supplier, cell) took over 40 when every supplier is new).
    private(set) var singleCells = DenseCounts()
    private var singleSuppliers = DenseCounts(), recentSingles: [UInt32: Int] = [:]
    /// Suppliers in `recentSingles` before they go into the array (small in tests).
    var recentLimit = 1 << 16
    /// Records in `buckets`.
    private(set) var held = 0
    private var last = Record(key: 0, tag: .max)
    private var spillFile: SpillFile?
    public let names: TallyNames

    public init(names: TallyNames) { self.names = names }

    @inline(__always) static func tag(supplier: UInt32, cell: UInt32) -> UInt64 {
        UInt64(supplier) << 32 | UInt64(cell)
    }

    /// Adds one line's invoice (nil: a line without number or voucher, an invoice of its own).
    @inline(__always) public mutating func add(key: UInt64?, tag: UInt64) {
        guard let key else { addSingles(tag: tag, count: 1); return }
        let r = Record(key: key, tag: tag)
        if r == last { return }
        last = r
        buckets[Int(truncatingIfNeeded: key >> UInt64(64 - InvoiceTally.bucketBits))].append(r)
        held += 1
        if held >= names.budget { spill() }
    }

    /// Adds `count` invoices of lines without number or voucher, of the supplier and cell in `tag`.
    @inline(__always) mutating func addSingles(tag: UInt64, count: Int) {
        recentSingles[UInt32(tag >> 32), default: 0] += count
        singleCells.add(count, at: Int(tag & 0xFFFF_FFFF))
        if recentSingles.count >= recentLimit { foldRecentSingles() }
    }

    private mutating func foldRecentSingles() {
        for (s, n) in recentSingles { singleSuppliers.add(n, at: Int(s)) }
        recentSingles = [:]
    }

    /// Single invoices per supplier id, in id order.
    var singlesBySupplier: [(supplier: Int, count: Int)] {
        var out = singleSuppliers.nonZero
        guard !recentSingles.isEmpty else { return out }
        var dense = [Int: Int](uniqueKeysWithValues: out)
        for (s, n) in recentSingles { dense[Int(s), default: 0] += n }
        out = dense.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
        return out
    }

    /// Writes every bucket out, sorted and without repeats; on a write error the records stay in memory.
    mutating func spill() {
        if spillFile == nil { spillFile = SpillFile() }
        guard let file = spillFile else { return }
        for b in buckets.indices where !buckets[b].isEmpty {
            var records = buckets[b]
            buckets[b] = []
            InvoiceTally.sortRecords(&records)
            var n = 1
            for i in 1..<records.count where records[i] != records[n - 1] { records[n] = records[i]; n += 1 }
            records.removeLast(records.count - n)
            guard let offset = records.withUnsafeBytes({ file.write($0) }) else { buckets[b] = records; continue }
            segments[b].append(Segment(file: file, offset: offset, count: records.count, names: names))
        }
        held = buckets.reduce(0) { $0 + $1.count }
        last = Record(key: 0, tag: .max)
    }

    /// Adds another tally's records; its ids are translated when it interned names elsewhere.
    public mutating func merge(_ o: InvoiceTally) {
        last = Record(key: 0, tag: .max)
        if o.names === names {
            for b in 0..<buckets.count { buckets[b] += o.buckets[b]; segments[b] += o.segments[b] }
            foldRecentSingles()
            for (i, n) in o.singleSuppliers.nonZero { singleSuppliers.add(n, at: i) }
            for (i, n) in o.recentSingles { singleSuppliers.add(n, at: Int(i)) }
            for (i, n) in o.singleCells.nonZero { singleCells.add(n, at: i) }
            held += o.held
        } else {
            let names = self.names
            let remap = { (t: UInt64) in InvoiceTally.remap(t, from: o.names, to: names) }
            for b in 0..<buckets.count {
                buckets[b] += o.buckets[b].map { Record(key: $0.key, tag: remap($0.tag)) }
                segments[b] += o.segments[b]  // they keep their names, translated when read
                held += o.buckets[b].count
            }
            foldRecentSingles()
            for (i, n) in o.singlesBySupplier {
                singleSuppliers.add(n, at: Int(names.suppliers.id(o.names.suppliers[UInt32(i)])))
            }
            for (i, n) in o.singleCells.nonZero {
                singleCells.add(n, at: Int(names.cells.id(o.names.cells.key(UInt32(i)))))
            }
        }
        if held >= names.budget { spill() }
    }

    /// A tag interned in `other`, as this tally's names have it.
    private static func remap(_ t: UInt64, from other: TallyNames, to names: TallyNames) -> UInt64 {
        InvoiceTally.tag(
            supplier: names.suppliers.id(other.suppliers[UInt32(t >> 32)]),
            cell: names.cells.id(other.cells.key(UInt32(truncatingIfNeeded: t))))
    }

    /// Distinct invoices: an invoice counts once in all, once per subcategory, board and supplier it touches.
    /// Counted by dense ids; strings are made once per name at the end.
    public func count(threads: Int = 1) throws -> Counts {
        // Spilled records with ids of their own are translated as read: their names get ids here first.
        var foreign: [ObjectIdentifier: TallyNames] = [:]
        for list in segments { for s in list where s.names !== names { foreign[ObjectIdentifier(s.names)] = s.names } }
        for other in foreign.values {
            for k in 0..<UInt32(other.suppliers.count) { _ = names.suppliers.id(other.suppliers[k]) }
            for k in other.cells.all { _ = names.cells.id(k) }
        }
        let cells = names.cells.all
        var subIndex: [String: Int] = [:], boardIndex: [String: Int] = [:]
        var subNames: [String] = [], boardNames: [String] = []
        var cellSub: [Int] = [], cellBoard: [Int] = []
        for c in cells {
            if subIndex[c.subcategory] == nil {
                subIndex[c.subcategory] = subNames.count; subNames.append(c.subcategory)
            }
            if boardIndex[c.board] == nil { boardIndex[c.board] = boardNames.count; boardNames.append(c.board) }
            cellSub.append(subIndex[c.subcategory]!); cellBoard.append(boardIndex[c.board]!)
        }
        var bySupplier = [Int](repeating: 0, count: names.suppliers.count)
        var bySub = [Int](repeating: 0, count: subNames.count), byBoard = [Int](repeating: 0, count: boardNames.count)
        var all = 0
        for (s, n) in singleSuppliers.nonZero { bySupplier[s] += n }
        for (s, n) in recentSingles { bySupplier[Int(s)] += n }
        for (c, n) in singleCells.nonZero {
            all += n
            bySub[cellSub[c]] += n
            byBoard[cellBoard[c]] += n
        }
        // The buckets in as many parts as threads, each counted apart and added up.
        let parts = max(1, min(threads, buckets.count))
        let partials = (0..<parts).map { _ in
            BucketCounts(suppliers: bySupplier.count, subcategories: bySub.count, boards: byBoard.count)
        }
        let subOf = cellSub, boardOf = cellBoard
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            let range = (buckets.count * k / parts)..<(buckets.count * (k + 1) / parts)
            do { try countBuckets(range, cellSub: subOf, cellBoard: boardOf, into: partials[k]) } catch {
                partials[k].error = error
            }
        }
        for p in partials {
            if let e = p.error { throw e }
            all += p.all
            for i in bySupplier.indices { bySupplier[i] += p.bySupplier[i] }
            for i in bySub.indices { bySub[i] += p.bySub[i] }
            for i in byBoard.indices { byBoard[i] += p.byBoard[i] }
        }
        var out = Counts()
        out.all = all
        for (i, n) in bySub.enumerated() where n > 0 { out.bySubcategory[subNames[i]] = n }
        for (i, n) in byBoard.enumerated() where n > 0 { out.byBoard[boardNames[i]] = n }
        out.bySupplier = bySupplier
        return out
    }

    /// Distinct invoices of some buckets, by dense id.
    private final class BucketCounts: @unchecked Sendable {  // each written by one thread of `concurrentPerform`, read after it
        var all = 0
        var bySupplier: [Int], bySub: [Int], byBoard: [Int]
        var error: Error?
        init(suppliers: Int, subcategories: Int, boards: Int) {
            bySupplier = .init(repeating: 0, count: suppliers); bySub = .init(repeating: 0, count: subcategories)
            byBoard = .init(repeating: 0, count: boards)
        }
    }

    private func countBuckets(_ range: Range<Int>, cellSub: [Int], cellBoard: [Int], into out: BucketCounts) throws {
        var all = 0
        var bySupplier = out.bySupplier, bySub = out.bySub, byBoard = out.byBoard
        var subs: [Int] = [], boards: [Int] = [], suppliers: [Int] = []
        var sorted: [Record] = []
        for b in range where !buckets[b].isEmpty || !segments[b].isEmpty {
            sorted = buckets[b]
            for s in segments[b] {
                let from = sorted.count
                sorted.append(contentsOf: repeatElement(Record(key: 0, tag: 0), count: s.count))
                try sorted.withUnsafeMutableBufferPointer {
                    try s.file.read(
                        at: s.offset,
                        into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: $0[from...])))
                }
                if s.names !== names {
                    for i in from..<sorted.count {
                        sorted[i].tag = InvoiceTally.remap(sorted[i].tag, from: s.names, to: names)
                    }
                }
            }
            InvoiceTally.sortRecords(&sorted)  // grouping by invoice is all the count needs
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
                subs.removeAll(keepingCapacity: true); boards.removeAll(keepingCapacity: true);
                suppliers.removeAll(keepingCapacity: true)
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
        out.all = all
        out.bySupplier = bySupplier; out.bySub = bySub; out.byBoard = byBoard
    }
}

/// Counts by dense id in 4 bytes each (a supplier's single invoices: a million suppliers take 4 MB); a count that
/// would pass `UInt32.max` goes on in `beyond`, never wrapped.
struct DenseCounts: Sendable {
    private var small: [UInt32] = []
    private var beyond: [Int: Int] = [:]

    mutating func add(_ n: Int, at i: Int) {
        if i >= small.count {
            small.append(contentsOf: repeatElement(0, count: max(i + 1, 2 * small.count) - small.count))
        }
        let (v, o) = small[i].addingReportingOverflow(UInt32(truncatingIfNeeded: n))
        if o || n < 0 || n > Int(UInt32.max) { beyond[i, default: 0] += n } else { small[i] = v }
    }

    /// Every id with a count, in id order, with its count.
    var nonZero: [(Int, Int)] {
        var out: [(Int, Int)] = []
        for (i, v) in small.enumerated() where v != 0 || beyond[i] != nil { out.append((i, Int(v) + (beyond[i] ?? 0))) }
        return out  // `add` grows `small` first, so `beyond` holds no id past it
    }
}
