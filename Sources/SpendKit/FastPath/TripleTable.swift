/// Keys of three 64-bit words to dense indices: open addressing with linear probing, for the kernel's classes,
/// where a `Dictionary` with `Hasher` cost more per line than everything else the class needs.
/// - Complexity: O(1) expected per lookup; the table doubles at half load.
struct TripleTable {
    typealias Key = (UInt64, UInt64, UInt64)
    private var slots = [Int32](repeating: -1, count: 1024)
    private var keys: [Key] = []

    var count: Int { keys.count }

    /// The index of `k`, or -1 when it is new.
    @inline(__always) func find(_ k: Key) -> Int32 {
        let mask = slots.count - 1
        var i = TripleTable.hash(k) & mask
        while true {
            let s = slots[i]
            if s < 0 { return -1 }
            let o = keys[Int(s)]
            if o.0 == k.0 && o.1 == k.1 && o.2 == k.2 { return s }
            i = (i + 1) & mask
        }
    }

    /// Adds `k` (not in the table) with the next index.
    mutating func insert(_ k: Key) -> Int32 {
        keys.append(k)
        if keys.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (n, key) in keys.enumerated() { place(Int32(n), key) }
        } else {
            place(Int32(keys.count - 1), k)
        }
        return Int32(keys.count - 1)
    }

    /// Forgets every key, keeping the room.
    mutating func removeAll() {
        for i in slots.indices { slots[i] = -1 }
        keys.removeAll(keepingCapacity: true)
    }

    private mutating func place(_ n: Int32, _ k: Key) {
        let mask = slots.count - 1
        var i = TripleTable.hash(k) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = n
    }

    @inline(__always) static func hash(_ k: Key) -> Int {
        var h = k.0 &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 29) ^ k.1) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 31) ^ k.2) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }
}
