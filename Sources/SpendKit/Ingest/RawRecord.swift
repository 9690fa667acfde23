/// One parsed CSV record: the fields' bytes back to back, their end offsets and the physical line it starts on.
public struct RawRecord {
    public var bytes: [UInt8] = []
    public var ends: [Int] = []
    public var line: Int = 0

    public var count: Int { ends.count }

    public func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    public func string(_ i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    /// The field without leading and trailing blanks (space, TAB, NBSP); with `collapse`, inner runs of blanks
    /// become one space, as `collapseBlanks` does.
    public func trimmedString(_ i: Int, collapse: Bool = false) -> String {
        bytes.withUnsafeBufferPointer {
            RawRecord.trimmedString(UnsafeBufferPointer(rebasing: $0[range(i)]), collapse: collapse)
        }
    }

    /// `trimmedString` of a field's bytes (a scanned record's, without a `RawRecord`): works on the bytes, one
    /// `String` made at the end.
    public static func trimmedString(_ field: UnsafeBufferPointer<UInt8>, collapse: Bool = false) -> String {
        let b = trimmed(field)
        if b.isEmpty { return "" }
        guard collapse else { return String(decoding: b, as: UTF8.self) }
        var k = 0, plain = true, latin = true
        while k < b.count {
            let c = b[k]
            if c == 0x09 || (c == 0xC2 && k + 1 < b.count && b[k + 1] == 0xA0)
                || (c == 0x20 && k + 1 < b.count && b[k + 1] == 0x20)
            {
                plain = false
            } else if c >= 0xC4 {
                latin = false
            }
            k += 1
        }
        if plain { return String(decoding: b, as: UTF8.self) }
        // Beyond U+00FF a blank may carry a combining mark, one `Character` with it: `collapseBlanks` decides.
        guard latin else { return collapseBlanks(String(decoding: b, as: UTF8.self)) }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var blank = false
        k = 0
        while k < b.count {
            let c = b[k]
            if c == 0x20 || c == 0x09 { blank = true; k += 1; continue }
            if c == 0xC2 && k + 1 < b.count && b[k + 1] == 0xA0 { blank = true; k += 2; continue }
            if blank { out.append(0x20); blank = false }  // never first: `b` starts with no blank
            out.append(c)
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
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
