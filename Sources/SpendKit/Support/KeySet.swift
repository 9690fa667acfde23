/// A set of 64-bit hashes in one flat table (open addressing, linear probing, at most 70 % full): about 12 bytes a
/// key where a `Set<UInt64>` or `[UInt64: Int32]` takes twice that. The duplicate check keeps every earlier
/// dump's line keys here. Read from several threads at once only while nobody inserts.
/// - Complexity: O(1) expected per lookup and insert.
final class KeySet: @unchecked Sendable {
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var shift: UInt64 = 54
    private var hasZero = false
    private(set) var count = 0

    @inline(__always) private func home(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    @inline(__always) func contains(_ k: UInt64) -> Bool {
        if k == 0 { return hasZero }
        return slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var i = home(k)
            while true {
                let v = s[i]
                if v == k { return true }
                if v == 0 { return false }
                i = (i + 1) & mask
            }
        }
    }

    func insert(_ k: UInt64) {
        if k == 0 { if !hasZero { hasZero = true; count += 1 }; return }
        if (count + 1) * 10 > slots.count * 7 { grow() }
        if place(k) { count += 1 }
    }

    /// Puts `k` in its slot; false when it was there already.
    @discardableResult private func place(_ k: UInt64) -> Bool {
        let mask = slots.count - 1
        var i = home(k)
        while true {
            let v = slots[i]
            if v == k { return false }
            if v == 0 { slots[i] = k; return true }
            i = (i + 1) & mask
        }
    }

    private func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        shift -= 1
        for k in old where k != 0 { place(k) }
    }
}
