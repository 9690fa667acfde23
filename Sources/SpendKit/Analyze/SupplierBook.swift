/// One year's figures per supplier, by the dense ids of `TallyNames` (supplier key, name, (subcategory, board)
/// cell): about 60 bytes a supplier, where a record of dictionaries keyed by strings took over a kilobyte, so a
/// million distinct suppliers fit in memory. Most suppliers have one name and one cell: those sit in the entry; a
/// second name or cell goes to a table shared by all suppliers. Sums are checked (`addMoney`).
/// - Complexity: O(1) expected per `record`; O(suppliers + extra names and cells) per `merge`.
public struct SupplierBook: Sendable {
    struct Entry: Sendable {
        var lines = 0, nameCount = 0
        var amount: Int64 = 0, off: Int64 = 0, unclassified: Int64 = 0
        var supplier: UInt32
        var name: UInt32 = .max, cell: UInt32 = .max
        /// The alphabetically first name of the supplier's unclassified lines; `.max`: none of its lines unclassified.
        var unclassifiedName: UInt32 = .max
        /// Counted in the category (it has lines there).
        var inCategory: Bool { lines > 0 }
    }

    /// Money on and off contract in one cell.
    struct Money: Sendable { var amount: Int64 = 0, off: Int64 = 0 }

    private(set) var entries: [Entry] = []
    /// Entry index + 1 by supplier id; 0: the supplier has no entry.
    private var slotOf: [UInt32] = []
    /// Further names and cells: key = supplier id << 32 | name or cell id.
    private(set) var moreNames: [UInt64: Int] = [:]
    private(set) var moreCells: [UInt64: Money] = [:]

    public init() {}

    /// A book read back from a part, ids as written: only to be merged into another with an `IDMap`.
    init(entries: [Entry], moreNames: [UInt64: Int], moreCells: [UInt64: Money]) {
        self.entries = entries; self.moreNames = moreNames; self.moreCells = moreCells
    }

    /// Suppliers with an entry (in the category or with unclassified spend).
    public var count: Int { entries.count }

    private mutating func slot(_ supplier: UInt32) -> Int {
        let i = Int(supplier)
        if i >= slotOf.count { slotOf.append(contentsOf: repeatElement(0, count: i + 1 - slotOf.count)) }
        if slotOf[i] == 0 {
            entries.append(Entry(supplier: supplier))
            slotOf[i] = UInt32(entries.count)
        }
        return Int(slotOf[i]) - 1
    }

    /// Adds `lines` category lines of one supplier under a name (`.max`: none) in a cell.
    mutating func record(supplier: UInt32, name: UInt32, cell: UInt32, amount: Int64, off: Int64, lines: Int, _ overflow: inout Bool) {
        let s = slot(supplier)
        entries[s].lines += lines
        if name != .max { addName(s, name, lines) }
        addCell(s, cell, Money(amount: amount, off: off), &overflow)
    }

    /// Adds unclassified spend of a supplier; `name` the line's name (kept when alphabetically first).
    mutating func recordUnclassified(supplier: UInt32, name: UInt32, amount: Int64, names: StringPool, _ overflow: inout Bool) {
        let s = slot(supplier)
        addMoney(&entries[s].unclassified, amount, &overflow)
        let old = entries[s].unclassifiedName
        if old == .max || (old != name && names[name] < names[old]) { entries[s].unclassifiedName = name }
    }

    private mutating func addName(_ s: Int, _ name: UInt32, _ n: Int) {
        if entries[s].name == .max || entries[s].name == name {
            entries[s].name = name; entries[s].nameCount += n
        } else {
            moreNames[UInt64(entries[s].supplier) << 32 | UInt64(name), default: 0] += n
        }
    }

    private mutating func addCell(_ s: Int, _ cell: UInt32, _ m: Money, _ overflow: inout Bool) {
        if entries[s].cell == .max || entries[s].cell == cell {
            entries[s].cell = cell
            addMoney(&entries[s].amount, m.amount, &overflow); addMoney(&entries[s].off, m.off, &overflow)
        } else {
            let k = UInt64(entries[s].supplier) << 32 | UInt64(cell)
            var v = moreCells[k] ?? Money()
            addMoney(&v.amount, m.amount, &overflow); addMoney(&v.off, m.off, &overflow)
            moreCells[k] = v
        }
    }

    /// Adds another book; `map` translates its ids when it was made with other `TallyNames` (a part, a merge).
    mutating func merge(_ o: SupplierBook, map: IDMap?, names: StringPool, _ overflow: inout Bool) {
        let sup = { (i: UInt32) in map?.suppliers[Int(i)] ?? i }
        let nm = { (i: UInt32) in i == .max ? i : map?.names[Int(i)] ?? i }
        let cl = { (i: UInt32) in i == .max ? i : map?.cells[Int(i)] ?? i }
        for e in o.entries {
            let s = slot(sup(e.supplier))
            entries[s].lines += e.lines
            if e.name != .max { addName(s, nm(e.name), e.nameCount) }
            if e.cell != .max { addCell(s, cl(e.cell), Money(amount: e.amount, off: e.off), &overflow) }
            if e.unclassifiedName != .max { recordUnclassified(supplier: sup(e.supplier), name: nm(e.unclassifiedName), amount: e.unclassified, names: names, &overflow) }
        }
        for (k, n) in o.moreNames { addName(slot(sup(UInt32(k >> 32))), nm(UInt32(truncatingIfNeeded: k)), n) }
        for (k, m) in o.moreCells { addCell(slot(sup(UInt32(k >> 32))), cl(UInt32(truncatingIfNeeded: k)), m, &overflow) }
    }

    /// How ids of other `TallyNames` read in these: by the other's id, this one's.
    struct IDMap {
        var suppliers: [UInt32], names: [UInt32], cells: [UInt32]

        /// The map from `other` to `names`, interning what `names` lacks.
        init(from other: TallyNames, to names: TallyNames) {
            suppliers = (0..<UInt32(other.suppliers.count)).map { names.suppliers.id(other.suppliers[$0]) }
            self.names = (0..<UInt32(other.supplierNames.count)).map { names.supplierNames.id(other.supplierNames[$0]) }
            cells = other.cells.all.map { names.cells.id($0) }
        }

        init(suppliers: [UInt32], names: [UInt32], cells: [UInt32]) {
            self.suppliers = suppliers; self.names = names; self.cells = cells
        }
    }
}
