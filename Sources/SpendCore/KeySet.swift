/// 64-bit hashes, each with a 64-bit value, in one flat table (open addressing, linear probing, at most 70 % full):
/// about 23 bytes a key where a `[UInt64: UInt64]` takes twice that. The duplicate check keeps every earlier dump's
/// line keys here with where each line stands, for `duplicates.csv`. Read from several threads at once only while
/// nobody inserts.
/// - Complexity: O(1) expected per lookup and insert.
public final class KeySet: @unchecked Sendable {  // inserted into between files only; read by kernels while nobody inserts
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var values = [UInt64](repeating: 0, count: 1024)
    private var shift: UInt64 = 54
    private var zero: UInt64?
    public private(set) var count = 0

    public init() {}

    @inline(__always) private func home(_ k: UInt64) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always) public func contains(_ k: UInt64) -> Bool { value(k) != nil }

    /// The value stored with `k`, nil when `k` is not in the set.
    @inline(__always) public func value(_ k: UInt64) -> UInt64? {
        if k == 0 { return zero }
        return slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var i = home(k)
            while true {
                let v = s[i]
                if v == k { return values[i] }
                if v == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds `k` with `value`; false (and the first value kept) when `k` was there already.
    @discardableResult public func insert(_ k: UInt64, value: UInt64 = 0) -> Bool {
        if k == 0 {
            guard zero == nil else { return false }
            zero = value; count += 1
            return true
        }
        if (count + 1) * 10 > slots.count * 7 { grow() }
        guard place(k, value) else { return false }
        count += 1
        return true
    }

    /// Puts `k` in its slot; false when it was there already.
    @discardableResult private func place(_ k: UInt64, _ value: UInt64) -> Bool {
        let mask = slots.count - 1
        var i = home(k)
        while true {
            let v = slots[i]
            if v == k { return false }
            if v == 0 { slots[i] = k; values[i] = value; return true }
            i = (i + 1) & mask
        }
    }

    /// Every key with its value, in no particular order (a shard's keys for `spend partial --emit-keys`).
    public func forEach(_ body: (UInt64, UInt64) -> Void) {
        if let zero { body(0, zero) }
        for i in slots.indices where slots[i] != 0 { body(slots[i], values[i]) }
    }

    private func grow() {
        let old = slots, oldValues = values
        slots = [UInt64](repeating: 0, count: old.count * 2)
        values = [UInt64](repeating: 0, count: old.count * 2)
        shift -= 1
        for (i, k) in old.enumerated() where k != 0 { place(k, oldValues[i]) }
    }
}
