import Foundation

/// Byte strings to dense indices: an open-addressing hash table over one arena, so looking a subject up costs a
/// hash of its bytes and one comparison, and no `String`.
/// - Complexity: O(key length) expected per lookup.
struct SubjectTable {
    private var slots = [Int32](repeating: -1, count: 1024)
    private var hashes: [UInt64] = []
    private var ends: [Int] = [0]
    private var arena: [UInt8] = []

    var count: Int { hashes.count }

    /// The key's index (-1 when absent) and its hash, for `insert`.
    @inline(__always) func find(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int, hash: UInt64) {
        let h = SubjectTable.hash(key)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = Int(slots[i])
            if s < 0 { return (-1, h) }
            if hashes[s] == h && equal(s, key) { return (s, h) }
            i = (i + 1) & mask
        }
    }

    @inline(__always) private func equal(_ s: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let lo = ends[s], n = ends[s + 1] - lo
        guard n == key.count else { return false }
        if n == 0 { return true }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + lo, key.baseAddress!, n) == 0 }
    }

    /// Adds a key `find` did not find; returns its index.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int {
        let index = hashes.count
        hashes.append(h)
        arena.append(contentsOf: key)
        ends.append(arena.count)
        if hashes.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (k, hk) in hashes.enumerated() { place(k, hk) }
        } else {
            place(index, h)
        }
        return index
    }

    private mutating func place(_ index: Int, _ h: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = Int32(index)
    }

    /// A multiply–xorshift hash eight bytes at a time.
    @inline(__always) static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let p = key.baseAddress else { return h }
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < key.count { tail |= UInt64(p[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
