/// Lower case as `String.lowercased()` gives it, byte by byte for ASCII and Latin-1 (the letters of Swedish names and
/// texts): `lowercased()` walks Unicode tables for every non-ASCII string, the most of a new name's cost.
enum LatinFold {
    /// The UTF-8 of `s.lowercased()`.
    /// - Complexity: O(length).
    static func lower(_ s: String) -> [UInt8] {
        var s = s
        var out: [UInt8] = []
        let n = s.withUTF8 { foldAll($0, into: &out) }
        return Array(out[..<n])
    }

    /// Valid UTF-8 lower-cased as `String.lowercased()` does it, scalar by scalar, into the start of `buffer` (its
    /// length returned): ASCII and Latin-1 by byte, only the other scalars through their own lowercase mappings.
    static func foldAll(_ b: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) -> Int {
        if let n = fold(b, into: &buffer) { return n }
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 8)
        var i = 0
        while i < b.count {
            let x = b[i]
            if x < 0x80 {
                out.append(x &- 0x41 < 26 ? x | 0x20 : x)
                i += 1
                continue
            }
            let (len, lo, hi) = Validation.sequence(x)
            guard len > 0, i + len <= b.count, b[i + 1] >= lo, b[i + 1] <= hi,
                (2..<len).allSatisfy({ b[i + $0] & 0xC0 == 0x80 })
            else {
                // Not UTF-8 (a block that fails validation is read again as Windows-1252): its repaired lower case.
                out = Array(String(decoding: b, as: UTF8.self).lowercased().utf8)
                break
            }
            if len == 2 && x <= 0xC3 {
                let y = b[i + 1]
                out.append(x)
                out.append(x == 0xC3 && y >= 0x80 && y <= 0x9E && y != 0x97 ? y + 0x20 : y)  // À–Þ but ×
            } else {
                var v = UInt32(x) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
                for k in 1..<len { v = v << 6 | UInt32(b[i + k] & 0x3F) }
                out.append(contentsOf: Unicode.Scalar(v)!.properties.lowercaseMapping.utf8)
            }
            i += len
        }
        if buffer.count < out.count { buffer = [UInt8](repeating: 0, count: max(out.count, 2 * buffer.count)) }
        buffer.withUnsafeMutableBufferPointer { _ = $0.initialize(from: out) }
        return out.count
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
