import Foundation

/// Strings to dense ids over one byte arena, for what there may be a million of (supplier keys and names): about
/// the string's length plus 12 bytes each, where a `[String: UInt32]` with an array of its keys takes over 100.
/// The arena holds up to 4 GiB of text (a hundred million supplier names; memory runs out long before).
/// Thread-safe: kernels intern from several threads.
/// - Complexity: O(length) expected per `id`; O(1) per lookup by id.
public final class StringPool: @unchecked Sendable {  // every access under `lock`
    private var slots = [UInt32](repeating: .max, count: 1024)
    private var ends: [UInt32] = [0]
    private let arena = ByteArena(capacity: 1 << 16)
    /// Per string: only scalars below U+0300 (ASCII, Latin-1, Latin Extended), which are all in NFC, so byte order
    /// is `String` order (Unicode's canonical order of scalars, which UTF-8 keeps).
    private var ascii: [Bool] = []
    private let lock = NSLock()

    public init() {}

    public var count: Int {
        lock.lock(); defer { lock.unlock() }
        return ends.count - 1
    }

    /// The id of `s`, new strings numbered in order of first sight.
    public func id(_ s: String) -> UInt32 {
        var s = s
        return s.withUTF8 { id(bytes: $0) }
    }

    /// The id of a string given by its UTF-8 bytes.
    public func id(bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        lock.lock(); defer { lock.unlock() }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: ByteHash.hash(bytes)) & mask
        while true {
            let s = slots[i]
            if s == .max { break }
            if equal(Int(s), bytes) { return s }
            i = (i + 1) & mask
        }
        let id = UInt32(ends.count - 1)
        // Not `precondition`: this module is built with -Ounchecked, which drops those.
        guard arena.count + bytes.count <= Int(UInt32.max) else {
            fatalError("more than 4 GiB of distinct supplier keys or names")
        }
        arena.append(bytes)
        ends.append(UInt32(arena.count))
        ascii.append(StringPool.belowCombiningMarks(bytes))
        slots[i] = id
        if (ends.count - 1) * 4 > slots.count * 3 { grow() }
        return id
    }

    /// The string of an id this pool gave.
    public subscript(id: UInt32) -> String {
        lock.lock(); defer { lock.unlock() }
        let lo = Int(ends[Int(id)]), hi = Int(ends[Int(id) + 1])
        return String(decoding: arena.bytes(lo, hi), as: UTF8.self)
    }

    /// `self[a] < self[b]` as `String` orders them, without making strings when both are below U+0300.
    public func less(_ a: UInt32, _ b: UInt32) -> Bool {
        lock.lock()
        if ascii[Int(a)] && ascii[Int(b)] {
            defer { lock.unlock() }
            let la = Int(ends[Int(a)]), na = Int(ends[Int(a) + 1]) - la, lb = Int(ends[Int(b)]),
                nb = Int(ends[Int(b) + 1]) - lb
            let c = memcmp(arena.pointer(la), arena.pointer(lb), min(na, nb))
            return c != 0 ? c < 0 : na < nb
        }
        lock.unlock()
        return self[a] < self[b]
    }

    /// Whether valid UTF-8 `bytes` hold only scalars below U+0300: lead bytes up to 0xCB.
    static func belowCombiningMarks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.contains { $0 >= 0xCC } }

    /// Whether string `id` has any bytes.
    public func isNonEmpty(_ id: UInt32) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return ends[Int(id) + 1] > ends[Int(id)]
    }

    /// Bytes the pool holds (its arrays' capacities): for the memory-per-supplier test.
    public var footprint: Int {
        lock.lock(); defer { lock.unlock() }
        return arena.count + ends.count * 4 + ascii.count + slots.count * 4  // what is written; capacity beyond is never touched
    }

    /// Every string, by id (for a part file; a report asks by id).
    public var all: [String] { (0..<UInt32(count)).map { self[$0] } }

    private func equal(_ s: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let lo = Int(ends[s]), n = Int(ends[s + 1]) - lo
        guard n == bytes.count else { return false }
        if n == 0 { return true }
        return memcmp(arena.pointer(lo), bytes.baseAddress!, n) == 0
    }

    private func grow() {
        slots = [UInt32](repeating: .max, count: slots.count * 2)
        let mask = slots.count - 1
        for s in 0..<(ends.count - 1) {
            var i = Int(truncatingIfNeeded: ByteHash.hash(arena.bytes(Int(ends[s]), Int(ends[s + 1])))) & mask
            while slots[i] != .max { i = (i + 1) & mask }
            slots[i] = UInt32(s)
        }
    }
}

/// A multiply–xorshift hash of bytes, eight at a time, the tail as the last eight (overlapping) when there are that
/// many: for the byte-keyed tables (`SubjectTable`, `StringPool`).
enum ByteHash {
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
        var tail: UInt64 = 0
        if i < key.count && key.count >= 8 {
            tail = raw.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)  // the last word, overlapping
        } else {
            var shift: UInt64 = 0
            while i < key.count { tail |= UInt64(p[i]) << shift; shift += 8; i += 1 }
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
