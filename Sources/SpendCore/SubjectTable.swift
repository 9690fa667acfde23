import Foundation

/// Byte strings to dense indices: an open-addressing hash table over one arena, so looking a subject up costs a
/// hash of its bytes and one comparison, and no `String`.
/// - Complexity: O(key length) expected per lookup.
public final class SubjectTable {
    /// Per slot: the key's index in the low half, the high half of its hash in the high half (`.max`: empty), so a
    /// probe reads the arena only when the hashes agree: one cache miss per lookup instead of three.
    private var slots = [UInt64](repeating: .max, count: 1024)
    /// Each key's hash, read only when the table grows.
    private var hashes: [UInt64] = []
    private var ends: [Int] = [0]
    private var arena: [UInt8] = []
    /// The key of the last `find`, for `insertLast`.
    private var key = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var keyCapacity = 256
    private var keyCount = 0
    private var keyHash: UInt64 = 0

    public init() {}
    deinit { key.deallocate() }

    public var count: Int { hashes.count }

    /// The index of the record's bytes in `columns` (each with its length before it), or -1 when they are new.
    @inline(__always) public func find(_ r: CSVRecord, columns: [Int]) -> Int {
        var need = 0
        for c in columns { need += r.spans[c].count + 5 }
        if need > keyCapacity {
            key.deallocate()
            keyCapacity = max(need, keyCapacity * 2)
            key = .allocate(capacity: keyCapacity)
        }
        var n = 0
        for c in columns {
            let f = r.spans[c]
            if f.count < 255 {
                key[n] = UInt8(truncatingIfNeeded: f.count); n += 1
            } else {
                key[n] = 255
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.count)) {
                    for (k, b) in $0.enumerated() { key[n + 1 + k] = b }
                }
                n += 5
            }
            (key + n).update(from: f.start, count: f.count)
            n += f.count
        }
        keyCount = n
        return find()
    }

    /// The index of an eight-byte key, or -1 when it is new.
    @inline(__always) public func find(word: UInt64) -> Int {
        UnsafeMutableRawPointer(key).storeBytes(of: word, as: UInt64.self)
        keyCount = 8
        return find()
    }

    @inline(__always) private func find() -> Int {
        let h = SubjectTable.hash(UnsafeBufferPointer(start: key, count: keyCount))
        keyHash = h
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        let tag = h >> 32
        while true {
            let s = slots[i]
            if s == .max { return -1 }
            if s >> 32 == tag, case let k = Int(truncatingIfNeeded: s & 0xFFFF_FFFF), equal(k) { return k }
            i = (i + 1) & mask
        }
    }

    @inline(__always) private func equal(_ s: Int) -> Bool {
        let lo = ends[s], n = ends[s + 1] - lo
        guard n == keyCount else { return false }
        if n == 0 { return true }
        return arena.withUnsafeBufferPointer {
            SubjectTable.same(UnsafeRawPointer($0.baseAddress! + lo), UnsafeRawPointer(key), n)
        }
    }

    /// `memcmp(a, b, n) == 0`, eight bytes at a time: keys are short, and a call to `memcmp` cost more than the compare.
    @inline(__always) static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            {
                return false
            }
            i += 8
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// Adds the key the last `find` did not find; returns its index.
    public func insertLast() -> Int {
        let index = hashes.count
        hashes.append(keyHash)
        arena.append(contentsOf: UnsafeBufferPointer(start: key, count: keyCount))
        ends.append(arena.count)
        if hashes.count * 2 > slots.count {
            slots = [UInt64](repeating: .max, count: slots.count * 2)
            for (k, hk) in hashes.enumerated() { place(k, hk) }
        } else {
            place(index, keyHash)
        }
        return index
    }

    /// Forgets every key.
    public func removeAll() {
        slots = [UInt64](repeating: .max, count: 1024)
        hashes.removeAll(); ends = [0]; arena.removeAll()
    }

    private func place(_ index: Int, _ h: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != .max { i = (i + 1) & mask }
        slots[i] = h & 0xFFFF_FFFF_0000_0000 | UInt64(index)
    }

    /// The hash of the table's keys (`ByteHash`).
    @inline(__always) public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteHash.hash(key) }
}
