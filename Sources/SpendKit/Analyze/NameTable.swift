import Foundation

/// Interns keys (supplier keys, subcategory × board cells) as 32-bit ids shared by every worker of a run, so hot
/// loops and invoice records carry ids and each key is hashed once per combination, not once per line.
public final class NameTable<Key: Hashable & Sendable>: @unchecked Sendable {  // every access under `lock`
    private var ids: [Key: UInt32] = [:]
    private var keys: [Key] = []
    private let lock = NSLock()

    public init() {}

    /// The id of `key`, new ones numbered in order of first sight.
    public func id(_ key: Key) -> UInt32 {
        lock.lock(); defer { lock.unlock() }
        if let i = ids[key] { return i }
        let i = UInt32(keys.count)
        ids[key] = i
        keys.append(key)
        return i
    }

    /// Every key so far, by id.
    public var all: [Key] {
        lock.lock(); defer { lock.unlock() }
        return keys
    }

    public func key(_ id: UInt32) -> Key {
        lock.lock(); defer { lock.unlock() }
        return keys[Int(id)]
    }
}

/// A subcategory and a board: what an invoice record says besides its supplier.
public struct Cell: Hashable, Sendable {
    public var subcategory: String
    public var board: String
}

/// The id tables of one run's figures: supplier keys and names (a million of them must stay small), and the
/// (subcategory, board) cells the invoice tallies and the supplier books count by.
public final class TallyNames: Sendable {
    public let suppliers = StringPool()
    public let supplierNames = StringPool()
    /// Subcategories, for the supplier books (a supplier's spend by subcategory).
    public let subcategories = NameTable<String>()
    public let cells = NameTable<Cell>()
    /// Records an `InvoiceTally` keeps in memory before it writes them to a spill file (16 bytes each).
    public let budget: Int
    public static let defaultBudget = 1 << 19
    public init(budget: Int = TallyNames.defaultBudget) { self.budget = budget }

    /// An invoice record's tag: supplier id in the high half, (subcategory, board) cell id in the low.
    public func tag(supplier: SupplierKey, subcategory: String, board: String) -> UInt64 {
        InvoiceTally.tag(
            supplier: suppliers.id(supplier.text), cell: cells.id(Cell(subcategory: subcategory, board: board)))
    }
}
