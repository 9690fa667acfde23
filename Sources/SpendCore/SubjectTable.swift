import CPrefetch
import Foundation

/// Byte strings to dense indices: an open-addressing hash table over one arena, so looking a subject up costs a
/// hash of its bytes and one comparison, and no `String`.
///
/// A slot holds the high bits of its key's hash and where the key's entry starts in the arena; the entry holds the
/// key's index and length before its bytes. A lookup thus touches the slot and one entry, two cache misses on a
/// table too large for the cache (the ledger's names, ids and places), and the table keeps no other array.
/// - Complexity: O(key length) expected per lookup; memory 8 bytes per key plus its bytes, twice over in slots.
public final class SubjectTable {
    /// Per slot: `tagBits` of the key's hash, then the offset of its entry (`.max`: empty).
    private var slots: UnsafeMutablePointer<UInt64>
    private var mask: Int
    /// Entries one after another: the key's index (UInt32), its length (UInt32), its bytes.
    private var arena: UnsafeMutablePointer<UInt8>
    private var used = 0, capacity = 4096
    public private(set) var count = 0
    /// The key of the last `find`, for `insertLast`.
    private var key = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var keyCapacity = 256
    private var keyCount = 0
    private var keyHash: UInt64 = 0
    /// Keys made ahead by `stage`, one per record of a batch (not an array: no uniqueness check per write).
    private var staged = UnsafeMutablePointer<StagedKey>.allocate(capacity: 0)
    private var stagedSlots = 0

    /// A key made ahead: its bytes (a buffer of its own), their length and hash.
    private struct StagedKey {
        var bytes: UnsafeMutablePointer<UInt8>
        var capacity: Int, count: Int
        var hash: UInt64
    }

    private static let tagBits: UInt64 = 0xFFFF_FF00_0000_0000
    private static let initialSlots = 1024

    public init() {
        slots = SubjectTable.emptySlots(SubjectTable.initialSlots)
        mask = SubjectTable.initialSlots - 1
        arena = SubjectTable.block(capacity)
    }

    deinit {
        key.deallocate(); slots.deallocate(); free(arena)
        for i in 0..<stagedSlots { staged[i].bytes.deallocate() }
        staged.deinitialize(count: stagedSlots)
        staged.deallocate()
    }

    private func growStaged(to n: Int) {
        let more = UnsafeMutablePointer<StagedKey>.allocate(capacity: n)
        more.moveInitialize(from: staged, count: stagedSlots)
        for i in stagedSlots..<n {
            (more + i).initialize(to: StagedKey(bytes: .allocate(capacity: 256), capacity: 256, count: 0, hash: 0))
        }
        staged.deallocate()
        staged = more
        stagedSlots = n
    }

    /// The index of the record's bytes in `columns` (each with its length before it), or -1 when they are new.
    @inline(__always) public func find(_ r: CSVRecord, columns: [Int]) -> Int {
        keyOf(r, columns: columns)
        return find(hash: SubjectTable.hash(UnsafeBufferPointer(start: key, count: keyCount)))
    }

    /// Writes the record's key in `columns` into `slot` of the staged keys and asks for the slot of its hash: the
    /// key made ahead, while a batch of records is prefetched, and looked up later by `find(staged:_:columns:)`.
    @inline(__always) public func stage(_ r: CSVRecord, columns: [Int], slot: Int) {
        if slot >= stagedSlots { growStaged(to: slot + 1) }
        var k = staged[slot]
        k.count = SubjectTable.write(r, columns: columns, into: &k.bytes, capacity: &k.capacity)
        k.hash = SubjectTable.hash(UnsafeBufferPointer(start: k.bytes, count: k.count))
        staged[slot] = k
        spend_prefetch(slots + (Int(truncatingIfNeeded: k.hash) & mask))
    }

    /// Reads the slots of a staged key's hash (asked for by `stage`) and asks for the entry of the first whose tag
    /// matches; false when the key is surely not in the table.
    @inline(__always) public func prefetchEntry(staged slot: Int) -> Bool {
        let h = staged[slot].hash
        var i = Int(truncatingIfNeeded: h) & mask
        let tag = h & SubjectTable.tagBits
        while true {
            let s = slots[i]
            if s == .max { return false }
            if s & SubjectTable.tagBits == tag {
                spend_prefetch(arena + Int(truncatingIfNeeded: s & ~SubjectTable.tagBits))
                return true
            }
            i = (i + 1) & mask
        }
    }

    /// `find(_:columns:)` by the key staged in `slot` for this record (the record is read only to check that, in a
    /// debug build); a key not found becomes the one `insertLast` adds, its bytes swapped in, not copied.
    @inline(__always) public func find(staged slot: Int, _ r: CSVRecord, columns: [Int]) -> Int {
        assert(
            {
                keyOf(r, columns: columns)
                return keyCount == staged[slot].count
                    && SubjectTable.same(UnsafeRawPointer(key), UnsafeRawPointer(staged[slot].bytes), keyCount)
            }(), "a key staged for another record")
        let k = staged[slot]
        staged[slot].bytes = key
        staged[slot].capacity = keyCapacity
        key = k.bytes
        keyCapacity = k.capacity
        keyCount = k.count
        return find(hash: k.hash)
    }

    /// Writes the record's key in `columns` to `key`.
    @inline(__always) private func keyOf(_ r: CSVRecord, columns: [Int]) {
        keyCount = SubjectTable.write(r, columns: columns, into: &key, capacity: &keyCapacity)
    }

    /// Writes the record's key in `columns` to `buffer` (grown when short): each field's length (one byte, or 255
    /// and four), then its bytes; returns its length.
    @inline(__always) private static func write(
        _ r: CSVRecord, columns: [Int], into buffer: inout UnsafeMutablePointer<UInt8>, capacity: inout Int
    ) -> Int {
        var need = 0
        for c in columns { need += r.spans[c].count + 5 }
        if need > capacity {
            buffer.deallocate()
            capacity = max(need, capacity * 2)
            buffer = .allocate(capacity: capacity)
        }
        let key = buffer
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
            SubjectTable.copy(f.start, to: key + n, f.count)
            n += f.count
        }
        return n
    }

    @inline(__always) private func find(hash h: UInt64) -> Int {
        keyHash = h
        var i = Int(truncatingIfNeeded: h) & mask
        let tag = h & SubjectTable.tagBits
        while true {
            let s = slots[i]
            if s == .max { return -1 }
            if s & SubjectTable.tagBits == tag {
                let e = UnsafeRawPointer(arena + Int(truncatingIfNeeded: s & ~SubjectTable.tagBits))
                if Int(e.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) == keyCount
                    && SubjectTable.same(e + 8, UnsafeRawPointer(key), keyCount)
                {
                    return Int(e.loadUnaligned(as: UInt32.self))
                }
            }
            i = (i + 1) & mask
        }
    }

    /// Copies `n` bytes, a field of a few bytes mostly: overlapping words instead of a call to `memmove`, never
    /// reading before `from` or past its `n` bytes.
    @inline(__always) static func copy(_ from: UnsafePointer<UInt8>, to: UnsafeMutablePointer<UInt8>, _ n: Int) {
        let a = UnsafeRawPointer(from), b = UnsafeMutableRawPointer(to)
        if n >= 8 {
            if n > 16 { to.update(from: from, count: n); return }
            b.storeBytes(of: a.loadUnaligned(as: UInt64.self), as: UInt64.self)
            b.storeBytes(of: a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            b.storeBytes(of: a.loadUnaligned(as: UInt32.self), as: UInt32.self)
            b.storeBytes(of: a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4, as: UInt32.self)
        } else {
            for i in 0..<n { to[i] = from[i] }
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
        if i < n && n >= 8 {  // the rest as the last word, overlapping
            return a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }

    /// Adds the key the last `find` did not find; returns its index.
    public func insertLast() -> Int {
        let index = count
        let need = used + 8 + keyCount
        if need > capacity {
            while need > capacity { capacity *= 2 }
            guard let p = realloc(arena, capacity) else { fatalError("out of memory for \(capacity) bytes") }
            arena = p.assumingMemoryBound(to: UInt8.self)
        }
        let e = UnsafeMutableRawPointer(arena + used)
        e.storeBytes(of: UInt32(truncatingIfNeeded: index), as: UInt32.self)
        e.storeBytes(of: UInt32(truncatingIfNeeded: keyCount), toByteOffset: 4, as: UInt32.self)
        (arena + used + 8).update(from: key, count: keyCount)
        count += 1
        if count * 2 > mask + 1 {
            // Twice the slots, every entry placed again by its hash, read back from the arena.
            slots.deallocate()
            slots = SubjectTable.emptySlots(2 * (mask + 1))
            mask = 2 * mask + 1
            var o = 0
            while o < need {
                let n = Int(UnsafeRawPointer(arena + o).loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                place(o, SubjectTable.hash(UnsafeBufferPointer(start: arena + o + 8, count: n)))
                o += 8 + n
            }
        } else {
            place(used, keyHash)
        }
        used = need
        return index
    }

    /// Forgets every key, and the room they took unless `keepingCapacity`: a kernel flushes often on ledgers of very
    /// many values, and two kernels holding their value tables' full room between flushes cost a million suppliers
    /// 10 MB more; a table that fills up again at once (the kernel's first parts) keeps its room, and so is not
    /// grown and rehashed anew, nor its fresh pages faulted in, each time.
    public func removeAll(keepingCapacity: Bool = false) {
        if keepingCapacity || mask + 1 == SubjectTable.initialSlots {
            slots.update(repeating: .max, count: mask + 1)
        } else {
            slots.deallocate()
            slots = SubjectTable.emptySlots(SubjectTable.initialSlots)
            mask = SubjectTable.initialSlots - 1
        }
        if capacity > 4096 && !keepingCapacity {
            free(arena)
            capacity = 4096
            arena = SubjectTable.block(capacity)
        }
        used = 0
        count = 0
    }

    private func place(_ offset: Int, _ h: UInt64) {
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != .max { i = (i + 1) & mask }
        slots[i] = h & SubjectTable.tagBits | UInt64(offset)
    }

    private static func emptySlots(_ n: Int) -> UnsafeMutablePointer<UInt64> {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        p.initialize(repeating: .max, count: n)
        return p
    }

    private static func block(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        guard let p = malloc(n) else { fatalError("out of memory for \(n) bytes") }
        return p.assumingMemoryBound(to: UInt8.self)
    }

    /// The hash of the table's keys (`ByteHash`).
    @inline(__always) public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteHash.hash(key) }
}
