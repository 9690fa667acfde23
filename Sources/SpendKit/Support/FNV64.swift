/// 64-bit FNV-1a, the one hash behind invoice and duplicate keys, so the fast path's keys equal the reference's.
struct FNV64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always) mutating func add(_ b: UInt8) { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }

    @inline(__always) mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 { for b in bytes { add(b) } }

    /// The bytes and a unit separator after them: one field of a composite key.
    @inline(__always) mutating func field<S: Sequence>(_ bytes: S) where S.Element == UInt8 { add(bytes); add(0x1F) }
}
