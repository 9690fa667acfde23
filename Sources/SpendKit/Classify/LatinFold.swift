/// Lower case as `String.lowercased()` gives it, byte by byte for ASCII and Latin-1 (the letters of Swedish names and
/// texts): `lowercased()` walks Unicode tables for every non-ASCII string, the most of a new name's cost.
enum LatinFold {
    /// The UTF-8 of `s.lowercased()`.
    /// - Complexity: O(length).
    static func lower(_ s: String) -> [UInt8] {
        var s = s
        if let b = s.withUTF8({ fold($0) }) { return b }
        return Array(s.lowercased().utf8)
    }

    /// `b` lower-cased when it holds only ASCII and C2/C3 sequences (U+0080–U+00FF), else nil.
    static func fold(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        return fold(b, into: &out).map { Array(out[..<$0]) }
    }

    /// `fold(b)` into the start of `buffer`, grown when short (its length returned): for a scratch buffer reused per line.
    @inline(__always) static func fold(_ b: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) -> Int? {
        if buffer.count < b.count { buffer = [UInt8](repeating: 0, count: max(b.count, 2 * buffer.count)) }
        return buffer.withUnsafeMutableBufferPointer { out -> Int? in
            var i = 0
            while i < b.count {
                let x = b[i]
                if x < 0x80 {
                    out[i] = x &- 0x41 < 26 ? x | 0x20 : x
                    i += 1
                } else if (x == 0xC2 || x == 0xC3) && i + 1 < b.count {
                    let y = b[i + 1]
                    out[i] = x
                    out[i + 1] = x == 0xC3 && y >= 0x80 && y <= 0x9E && y != 0x97 ? y + 0x20 : y  // À–Þ but ×
                    i += 2
                } else {
                    return nil
                }
            }
            return b.count
        }
    }
}
