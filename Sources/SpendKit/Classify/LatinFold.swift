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

    /// Whether case-insensitive matching on `b` is byte equality after folding: U+0000–U+00FF only, and no `ß`
    /// (which folds to `ss`), so a regular expression's required literal (`RegexLiteral`) must be among its bytes.
    static func isPlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let x = b[i]
            if x >= 0x80 {
                guard (x == 0xC2 || x == 0xC3) && i + 1 < b.count, !(x == 0xC3 && b[i + 1] == 0x9F) else { return false }
                i += 1
            }
            i += 1
        }
        return true
    }

    /// `isPlain` of a string's UTF-8.
    static func isPlain(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isPlain($0) }
    }
}
