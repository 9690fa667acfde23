/// One row in SQLite's record format (https://www.sqlite.org/fileformat2.html §2.1): the serial types and the
/// values, built column by column into reused buffers, as `SQLiteTableWriter` takes them.
final class SQLiteRecord {
    /// Serial types (at most 9 bytes per column).
    private(set) var types: UnsafeMutablePointer<UInt8>
    private(set) var typeCount = 0
    private let typeCapacity = 256
    private(set) var body: UnsafeMutablePointer<UInt8>
    private(set) var bodyCount = 0
    private var bodyCapacity = 4096

    init() {
        types = .allocate(capacity: typeCapacity)
        body = .allocate(capacity: bodyCapacity)
    }

    deinit {
        types.deallocate()
        body.deallocate()
    }

    var typeBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: types, count: typeCount) }
    var bodyBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: body, count: bodyCount) }

    @inline(__always) func reset() {
        typeCount = 0
        bodyCount = 0
    }

    /// Serial types of columns whose values come separately (`SQLiteTableWriter.append`'s `tail`).
    @inline(__always) func types(_ t: UnsafeBufferPointer<UInt8>) {
        precondition(typeCount + t.count <= typeCapacity, "too many columns")
        if let p = t.baseAddress { (types + typeCount).update(from: p, count: t.count) }
        typeCount += t.count
    }

    @inline(__always) private func type(_ t: UInt64) {
        precondition(typeCount + 9 <= typeCapacity, "too many columns")
        typeCount += SQLiteVarint.put(t, types + typeCount)
    }

    @inline(__always) private func reserve(_ n: Int) {
        guard bodyCount + n > bodyCapacity else { return }
        bodyCapacity = max(2 * bodyCapacity, bodyCount + n)
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: bodyCapacity)
        b.update(from: body, count: bodyCount)
        body.deallocate()
        body = b
    }

    @inline(__always) func null() {
        types[typeCount] = 0
        typeCount += 1
    }

    /// An integer in the fewest bytes, 0 and 1 in none (schema format 4), as SQLite stores it.
    @inline(__always) func int(_ v: Int64) {
        precondition(typeCount < typeCapacity, "too many columns")
        reserve(8)
        var t = types + typeCount, b = body + bodyCount
        SQLiteRecord.put(v, types: &t, body: &b)
        typeCount = t - types
        bodyCount = b - body
    }

    /// An integer's serial type at `t` and its value at `b` (which must have room for 8 bytes), both moved past.
    @inline(__always) static func put(
        _ v: Int64, types t: inout UnsafeMutablePointer<UInt8>, body b: inout UnsafeMutablePointer<UInt8>
    ) {
        let u = v < 0 ? ~UInt64(bitPattern: v) : UInt64(v)
        let type: UInt8, width: Int
        if u <= 127 {
            if v == 0 || v == 1 { t.pointee = UInt8(8 + v); t += 1; return }
            type = 1; width = 1
        } else if u <= 32767 {
            type = 2; width = 2
        } else if u <= 8_388_607 {
            type = 3; width = 3
        } else if u <= 2_147_483_647 {
            type = 4; width = 4
        } else if u <= 0x7FFF_FFFF_FFFF {
            type = 5; width = 6
        } else {
            type = 6; width = 8
        }
        t.pointee = type; t += 1
        // The value's last `width` bytes, big-endian: one unaligned store of all eight, shifted to the front.
        UnsafeMutableRawPointer(b).storeBytes(
            of: (UInt64(bitPattern: v) << UInt64(64 - 8 * width)).bigEndian, as: UInt64.self)
        b += width
    }

    @inline(__always) func int(_ v: Int) { int(Int64(v)) }

    /// UTF-8 text.
    @inline(__always) func text(_ b: UnsafeBufferPointer<UInt8>) {
        type(UInt64(b.count) * 2 + 13)
        reserve(b.count)
        if let p = b.baseAddress { (body + bodyCount).update(from: p, count: b.count) }
        bodyCount += b.count
    }

    func text(_ s: String) {
        var s = s
        s.withUTF8 { text($0) }
    }

    func text(_ s: String?) { if let s { text(s) } else { null() } }

    /// Writes a day (its `yyyymmdd` value, as `Day.value`) at `p` as the 10 bytes `YYYY-MM-DD`: four pairs of digits
    /// from a table, three divisions.
    @inline(__always) static func day(_ d: Day, at p: UnsafeMutablePointer<UInt8>) {
        let v = Int(d.value)
        let y = v / 10_000, md = v - y * 10_000, m = md / 100
        let c = y / 100
        @inline(__always) func pair(_ i: Int, _ x: Int) {
            UnsafeMutableRawPointer(p + i).storeBytes(of: digitPairs[x], as: UInt16.self)
        }
        pair(0, c); pair(2, y - c * 100)
        p[4] = 0x2D
        pair(5, m)
        p[7] = 0x2D
        pair(8, md - m * 100)
    }

    /// "00" to "99", each as the two bytes it is in memory.
    private static let digitPairs: [UInt16] = (0..<100).map {
        let b = [UInt8(0x30 + $0 / 10), UInt8(0x30 + $0 % 10)]
        return b.withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }
    }
}
