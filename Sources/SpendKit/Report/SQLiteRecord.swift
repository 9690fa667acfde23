import GRDB

/// One row in SQLite's record format (https://www.sqlite.org/fileformat2.html §2.1): the serial types and the
/// values, built column by column into reused buffers, as `SQLiteTableWriter` takes them; and the same values for
/// SQLite itself (`values`), for a row too big for a page.
struct SQLiteRecord {
    private(set) var types: [UInt8] = []
    private(set) var body: [UInt8] = []
    /// The values, kept only while `keep` is set.
    private(set) var values: [DatabaseValue] = []
    var keep = false

    init() {
        types.reserveCapacity(64)
        body.reserveCapacity(4096)
    }

    mutating func reset() {
        types.removeAll(keepingCapacity: true)
        body.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    @inline(__always) private mutating func type(_ t: UInt64) {
        if t <= 0x7F { types.append(UInt8(t)); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 9) { b in
            let n = SQLiteVarint.put(t, b.baseAddress!)
            types.append(contentsOf: UnsafeBufferPointer(rebasing: b[..<n]))
        }
    }

    mutating func null() {
        types.append(0)
        if keep { values.append(.null) }
    }

    /// An integer in the fewest bytes, 0 and 1 in none (schema format 4), as SQLite stores it.
    @inline(__always) mutating func int(_ v: Int64) {
        if keep { values.append(v.databaseValue) }
        let u = v < 0 ? ~UInt64(bitPattern: v) : UInt64(v)
        let width: Int
        switch u {
        case 0...127:
            if v == 0 || v == 1 { types.append(UInt8(8 + v)); return }
            types.append(1); width = 1
        case 128...32767: types.append(2); width = 2
        case 32768...8_388_607: types.append(3); width = 3
        case 8_388_608...2_147_483_647: types.append(4); width = 4
        case 2_147_483_648...0x7FFF_FFFF_FFFF: types.append(5); width = 6
        default: types.append(6); width = 8
        }
        let bits = UInt64(bitPattern: v)
        for i in stride(from: width - 1, through: 0, by: -1) { body.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
    }

    @inline(__always) mutating func int(_ v: Int) { int(Int64(v)) }

    /// UTF-8 text.
    @inline(__always) mutating func text(_ b: UnsafeBufferPointer<UInt8>) {
        if keep { values.append(String(decoding: b, as: UTF8.self).databaseValue) }
        type(UInt64(b.count) * 2 + 13)
        body.append(contentsOf: b)
    }

    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { text($0) }
    }

    mutating func text(_ s: String?) { if let s { text(s) } else { null() } }

    /// A day (its `yyyymmdd` value, as `Day.value`) as `YYYY-MM-DD`; 0 is NULL.
    @inline(__always) mutating func day(_ v: Int) {
        guard v != 0 else { return null() }
        types.append(10 * 2 + 13)
        let start = body.count
        @inline(__always) func digit(_ x: Int) { body.append(UInt8(truncatingIfNeeded: 0x30 + x % 10)) }
        digit(v / 10_000_000); digit(v / 1_000_000); digit(v / 100_000); digit(v / 10_000)
        body.append(0x2D)
        digit(v / 1000); digit(v / 100)
        body.append(0x2D)
        digit(v / 10); digit(v)
        if keep { values.append(String(decoding: body[start...], as: UTF8.self).databaseValue) }
    }
}
