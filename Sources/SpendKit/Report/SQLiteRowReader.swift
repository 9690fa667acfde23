/// Reads the entries `SQLiteRows` wrote.
struct SQLiteRowReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    var atEnd: Bool { at >= bytes.count }

    @inline(__always) mutating func byte() -> UInt8 { at += 1; return bytes[at - 1] }

    /// LEB128; a one-byte value (most ids and small counts) takes one test. Wrapping arithmetic: the producer
    /// wrote at most ten bytes.
    @inline(__always) mutating func varint() -> UInt64 {
        var b = bytes[at]
        at &+= 1
        if b < 0x80 { return UInt64(b) }
        var v = UInt64(b & 0x7F), shift: UInt64 = 7
        repeat {
            b = bytes[at]
            at &+= 1
            v |= UInt64(b & 0x7F) &<< shift
            shift &+= 7
        } while b >= 0x80
        return v
    }

    @inline(__always) mutating func int() -> Int { Int(truncatingIfNeeded: varint()) }

    @inline(__always) mutating func slice() -> UnsafeBufferPointer<UInt8> {
        let n = int()
        defer { at += n }
        return UnsafeBufferPointer(rebasing: bytes[at..<(at + n)])
    }

    @inline(__always) mutating func slice(count n: Int) -> UnsafeBufferPointer<UInt8> {
        defer { at += n }
        return UnsafeBufferPointer(rebasing: bytes[at..<(at + n)])
    }

    mutating func string() -> String { String(decoding: slice(), as: UTF8.self) }

    mutating func optional() -> String? { byte() == 0 ? nil : string() }
}
