/// One year's figures per supplier, by the dense ids of `TallyNames` (supplier key, name, subcategory): under 50
/// bytes a supplier, where a record of dictionaries keyed by strings took over a kilobyte, so a million distinct
/// suppliers fit in memory. Most suppliers have one name and one subcategory: those sit in the entry; a second
/// name or subcategory goes to a table shared by all suppliers. Sums are checked (`addMoney`).
/// - Complexity: O(1) expected per `record`; O(suppliers + extra names and cells) per `merge`.
public struct SupplierBook: Sendable {
    struct Entry: Sendable {
        var amount: Int64 = 0, off: Int64 = 0, unclassified: Int64 = 0
        var lines: Int32 = 0, nameCount: Int32 = 0
        var supplier: UInt32
        var name: UInt32 = .max, sub: UInt32 = .max
        /// The alphabetically first name of the supplier's unclassified lines; `.max`: none of its lines unclassified.
        var unclassifiedName: UInt32 = .max
        /// Counted in the category (it has lines there).
        var inCategory: Bool { lines > 0 }
    }

    /// Money on and off contract in one subcategory.
    struct Money: Sendable { var amount: Int64 = 0, off: Int64 = 0 }

    private(set) var entries: [Entry] = []
    /// Entry index + 1 by supplier id; 0: the supplier has no entry.
    private var slotOf: [UInt32] = []
    /// Further names and subcategories: key = supplier id << 32 | name or subcategory id.
    private(set) var moreNames: [UInt64: Int] = [:]
    private(set) var moreSubs: [UInt64: Money] = [:]

    public init() {}

    /// A book read back from a part, ids as written: only to be merged into another with an `IDMap`.
    init(entries: [Entry], moreNames: [UInt64: Int], moreSubs: [UInt64: Money]) {
        self.entries = entries; self.moreNames = moreNames; self.moreSubs = moreSubs
    }

    /// Bytes the book holds (arrays' capacities, tables at their load): for the memory-per-supplier test.
    public var footprint: Int {
        entries.count * MemoryLayout<Entry>.stride + slotOf.count * 4  // what is written; capacity beyond is never touched
            + moreNames.capacity * (MemoryLayout<UInt64>.stride + MemoryLayout<Int>.stride)
            + moreSubs.capacity * (MemoryLayout<UInt64>.stride + MemoryLayout<Money>.stride)
    }

    /// Suppliers with an entry (in the category or with unclassified spend).
    public var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty && moreNames.isEmpty && moreSubs.isEmpty }

    private mutating func slot(_ supplier: UInt32) -> Int {
        let i = Int(supplier)
        if i >= slotOf.count { slotOf.append(contentsOf: repeatElement(0, count: i + 1 - slotOf.count)) }
        if slotOf[i] == 0 {
            entries.append(Entry(supplier: supplier))
            slotOf[i] = UInt32(entries.count)
        }
        return Int(slotOf[i]) - 1
    }

    /// Adds `lines` category lines of one supplier under a name (`.max`: none) in a subcategory.
    mutating func record(
        supplier: UInt32, name: UInt32, sub: UInt32, amount: Int64, off: Int64, lines: Int, _ overflow: inout Bool
    ) {
        let s = slot(supplier)
        addCount(&entries[s].lines, lines, &overflow)
        if name != .max { addName(s, name, Int32(clamping: lines)) }
        addSub(s, sub, Money(amount: amount, off: off), &overflow)
    }

    /// Adds unclassified spend of a supplier; `name` the line's name (kept when alphabetically first).
    mutating func recordUnclassified(
        supplier: UInt32, name: UInt32, amount: Int64, names: StringPool, _ overflow: inout Bool
    ) {
        let s = slot(supplier)
        addMoney(&entries[s].unclassified, amount, &overflow)
        let old = entries[s].unclassifiedName
        if old == .max || (old != name && names.less(name, old)) { entries[s].unclassifiedName = name }
    }

    /// `count += n`, checked like money: a count beyond Int32 stops the year as an overflowing sum does.
    private func addCount(_ count: inout Int32, _ n: Int, _ overflow: inout Bool) {
        let (v, o) = count.addingReportingOverflow(Int32(clamping: n))
        count = v
        if o || n > Int32.max { overflow = true }
    }

    private mutating func addName(_ s: Int, _ name: UInt32, _ n: Int32) {
        if entries[s].name == .max || entries[s].name == name {
            entries[s].name = name; entries[s].nameCount &+= n  // at most the lines, which are checked
        } else {
            moreNames[UInt64(entries[s].supplier) << 32 | UInt64(name), default: 0] += Int(n)
        }
    }

    private mutating func addSub(_ s: Int, _ sub: UInt32, _ m: Money, _ overflow: inout Bool) {
        if entries[s].sub == .max || entries[s].sub == sub {
            entries[s].sub = sub
            addMoney(&entries[s].amount, m.amount, &overflow); addMoney(&entries[s].off, m.off, &overflow)
        } else {
            let k = UInt64(entries[s].supplier) << 32 | UInt64(sub)
            var v = moreSubs[k] ?? Money()
            addMoney(&v.amount, m.amount, &overflow); addMoney(&v.off, m.off, &overflow)
            moreSubs[k] = v
        }
    }

    /// Adds another book; `map` translates its ids when it was made with other `TallyNames` (a part, a merge).
    mutating func merge(_ o: SupplierBook, map: IDMap?, names: StringPool, _ overflow: inout Bool) {
        let sup = { (i: UInt32) in map?.suppliers[Int(i)] ?? i }
        let nm = { (i: UInt32) in i == .max ? i : map?.names[Int(i)] ?? i }
        let sb = { (i: UInt32) in i == .max ? i : map?.subcategories[Int(i)] ?? i }
        for e in o.entries {
            let s = slot(sup(e.supplier))
            addCount(&entries[s].lines, Int(e.lines), &overflow)
            if e.name != .max { addName(s, nm(e.name), e.nameCount) }
            if e.sub != .max { addSub(s, sb(e.sub), Money(amount: e.amount, off: e.off), &overflow) }
            if e.unclassifiedName != .max {
                recordUnclassified(
                    supplier: sup(e.supplier), name: nm(e.unclassifiedName), amount: e.unclassified, names: names,
                    &overflow)
            }
        }
        for (k, n) in o.moreNames { addName(slot(sup(UInt32(k >> 32))), nm(UInt32(truncatingIfNeeded: k)), Int32(n)) }
        for (k, m) in o.moreSubs { addSub(slot(sup(UInt32(k >> 32))), sb(UInt32(truncatingIfNeeded: k)), m, &overflow) }
    }

    /// How ids of other `TallyNames` read in these: by the other's id, this one's.
    struct IDMap {
        var suppliers: [UInt32], names: [UInt32], subcategories: [UInt32]

        /// The map from `other` to `names`, interning what `names` lacks.
        init(from other: TallyNames, to names: TallyNames) {
            suppliers = (0..<UInt32(other.suppliers.count)).map { names.suppliers.id(other.suppliers[$0]) }
            self.names = (0..<UInt32(other.supplierNames.count)).map { names.supplierNames.id(other.supplierNames[$0]) }
            subcategories = other.subcategories.all.map { names.subcategories.id($0) }
        }

        init(suppliers: [UInt32], names: [UInt32], subcategories: [UInt32]) {
            self.suppliers = suppliers; self.names = names; self.subcategories = subcategories
        }
    }
}
