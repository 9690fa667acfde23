/// 64-bit FNV-1a, the one hash behind invoice and duplicate keys, so the fast path's keys equal the reference's.
@frozen public struct FNV64 {
    public var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inlinable public init() {}

    @inlinable @inline(__always) public mutating func add(_ b: UInt8) { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }

    @inlinable @inline(__always) public mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes { add(b) }
    }

    /// The bytes and a unit separator after them: one field of a composite key.
    @inlinable @inline(__always) public mutating func field<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        add(bytes); add(0x1F)
    }
}

extension FNV64 {
    /// `field(String(v).utf8)` without making the string: the duplicate key hashes every line's amount.
    @inlinable @inline(__always) public mutating func field(decimal v: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes hold Int64.min's 19 digits
        var n = 0
        var m = v.magnitude
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[23 - n] = UInt8(truncatingIfNeeded: m % 10) + 0x30; m /= 10; n += 1 } while m > 0
            if v < 0 { add(0x2D) }
            for i in (24 - n)..<24 { add(d[i]) }
        }
        add(0x1F)
    }
}
