/// Keys of three 64-bit words to dense indices: open addressing with linear probing, for the kernel's classes,
/// where a `Dictionary` with `Hasher` cost more per line than everything else the class needs.
///
/// A slot holds its key beside its index, two slots to a 64-byte-aligned cache line, so a lookup in a table larger
/// than the cache reads one cache line, not a slot and then a key elsewhere. Noncopyable: it owns its slots.
/// - Complexity: O(1) expected per lookup; the table doubles at half load: 64 to 128 bytes a key (32 a slot), 2 MiB
///   for the kernel's 32 768 classes or cells.
struct TripleTable: ~Copyable {
    typealias Key = (UInt64, UInt64, UInt64)
    /// A key and its index (-1: an empty slot).
    private struct Slot {
        var key: Key
        var index: Int32
    }
    private static let empty = Slot(key: (0, 0, 0), index: -1)
    private var slots: UnsafeMutablePointer<Slot>
    /// Slots (a power of two).
    private(set) var slotCount = 1024
    private(set) var count = 0

    init() { slots = TripleTable.emptySlots(slotCount) }

    deinit { slots.deallocate() }

    /// `n` empty slots from a cache line's start.
    private static func emptySlots(_ n: Int) -> UnsafeMutablePointer<Slot> {
        let p = UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<Slot>.stride, alignment: 64)
            .bindMemory(to: Slot.self, capacity: n)
        p.initialize(repeating: TripleTable.empty, count: n)
        return p
    }

    /// The index of `k`, or -1 when it is new.
    @inline(__always) func find(_ k: Key) -> Int32 {
        let mask = slotCount - 1
        var i = TripleTable.hash(k) & mask
        while true {
            let s = slots[i]
            if s.index < 0 { return -1 }
            if s.key.0 == k.0 && s.key.1 == k.1 && s.key.2 == k.2 { return s.index }
            i = (i + 1) & mask
        }
    }

    /// Adds `k` (not in the table) with the next index.
    mutating func insert(_ k: Key) -> Int32 {
        let n = Int32(count)
        count += 1
        if count * 2 > slotCount {
            let old = slots, oldCount = slotCount
            slotCount = 2 * oldCount
            slots = TripleTable.emptySlots(slotCount)
            for i in 0..<oldCount where old[i].index >= 0 { place(old[i]) }
            old.deallocate()
        }
        place(Slot(key: k, index: n))
        return n
    }

    /// Forgets every key, keeping the room (a flush) or giving back all but the first slots (a kernel that is done).
    mutating func removeAll(keepingCapacity: Bool = true) {
        if keepingCapacity {
            slots.update(repeating: TripleTable.empty, count: slotCount)
        } else {
            slots.deallocate()
            slotCount = 1024
            slots = TripleTable.emptySlots(slotCount)
        }
        count = 0
    }

    private mutating func place(_ s: Slot) {
        let mask = slotCount - 1
        var i = TripleTable.hash(s.key) & mask
        while slots[i].index >= 0 { i = (i + 1) & mask }
        slots[i] = s
    }

    @inline(__always) static func hash(_ k: Key) -> Int {
        var h = k.0 &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 29) ^ k.1) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 31) ^ k.2) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }
}
