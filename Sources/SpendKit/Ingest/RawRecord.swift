/// One parsed CSV record: the fields' bytes back to back, their end offsets and the physical line it starts on.
public struct RawRecord {
    public var bytes: [UInt8] = []
    public var ends: [Int] = []
    public var line: Int = 0

    public var count: Int { ends.count }

    public func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    public func string(_ i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    /// The field without leading and trailing blanks (space, TAB, NBSP); with `collapse`, inner runs of blanks
    /// become one space, as `collapseBlanks` does. Works on the bytes; one String is made at the end.
    public func trimmedString(_ i: Int, collapse: Bool = false) -> String {
        let r = range(i)
        return bytes.withUnsafeBufferPointer { b -> String in
            let t = RawRecord.trimmed(b, r)
            let lo = t.lowerBound, hi = t.upperBound
            if lo == hi { return "" }
            var plain = true
            if collapse {
                var k = lo
                while k < hi {
                    let c = b[k]
                    if c == 0x09 || (c == 0xC2 && k + 1 < hi && b[k + 1] == 0xA0)
                        || (c == 0x20 && k + 1 < hi && b[k + 1] == 0x20)
                    {
                        plain = false; break
                    }
                    k += 1
                }
            }
            let s = String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
            return plain ? s : collapseBlanks(s)
        }
    }

    /// `r` without leading and trailing blanks (space, TAB, NBSP).
    @inline(__always) static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi {
            if b[lo] == 0x20 || b[lo] == 0x09 {
                lo += 1
            } else if b[lo] == 0xC2 && lo + 1 < hi && b[lo + 1] == 0xA0 {
                lo += 2
            } else {
                break
            }
        }
        while hi > lo {
            if b[hi - 1] == 0x20 || b[hi - 1] == 0x09 {
                hi -= 1
            } else if b[hi - 1] == 0xA0 && hi - 2 >= lo && b[hi - 2] == 0xC2 {
                hi -= 2
            } else {
                break
            }
        }
        return lo..<hi
    }

    /// The field's bytes without leading and trailing blanks.
    @inline(__always) static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: b[trimmed(b, 0..<b.count)])
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }
}
