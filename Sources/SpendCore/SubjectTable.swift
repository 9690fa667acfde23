import Foundation

/// Byte strings to dense indices: an open-addressing hash table over one arena, so looking a subject up costs a
/// hash of its bytes and one comparison, and no `String`.
/// - Complexity: O(key length) expected per lookup.
public final class SubjectTable {
    private var slots = [Int32](repeating: -1, count: 1024)
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
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.count)) { for (k, b) in $0.enumerated() { key[n + 1 + k] = b } }
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
        while true {
            let s = Int(slots[i])
            if s < 0 { return -1 }
            if hashes[s] == h && equal(s) { return s }
            i = (i + 1) & mask
        }
    }

    @inline(__always) private func equal(_ s: Int) -> Bool {
        let lo = ends[s], n = ends[s + 1] - lo
        guard n == keyCount else { return false }
        if n == 0 { return true }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + lo, key, n) == 0 }
    }

    /// Adds the key the last `find` did not find; returns its index.
    public func insertLast() -> Int {
        let index = hashes.count
        hashes.append(keyHash)
        arena.append(contentsOf: UnsafeBufferPointer(start: key, count: keyCount))
        ends.append(arena.count)
        if hashes.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for (k, hk) in hashes.enumerated() { place(k, hk) }
        } else {
            place(index, keyHash)
        }
        return index
    }

    /// Forgets every key.
    public func removeAll() {
        slots = [Int32](repeating: -1, count: 1024)
        hashes.removeAll(); ends = [0]; arena.removeAll()
    }

    private func place(_ index: Int, _ h: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = Int32(index)
    }

    /// The hash of the table's keys (`ByteHash`).
    @inline(__always) public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteHash.hash(key) }
}
