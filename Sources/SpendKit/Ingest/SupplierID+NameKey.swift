extension SupplierID {
    /// `nameKey` byte by byte for names of ASCII and the Latin-1 letters À–þ (Swedish names): a million names
    /// without id took 20 µs each through `String`'s upper-casing, grapheme iteration and splitting. Nil for any
    /// other byte (ß, ÿ, no-break space, other scripts), which the `String` way handles.
    /// - Complexity: O(name length).
    static func latinNameKey(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { b -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var words: [Int] = []  // start of each word in `out`
            var blank = true
            var i = 0
            while i < b.count {
                let x = b[i]
                if x == 0x20 || x == 0x09 { blank = true; i += 1; continue }
                if blank {
                    if !out.isEmpty { out.append(0x20) }
                    words.append(out.count)
                    blank = false
                }
                if x < 0x80 {
                    out.append(x &- 0x61 < 26 ? x - 0x20 : x)
                    i += 1
                } else if x == 0xC3, i + 1 < b.count, case let y = b[i + 1], y >= 0x80 && y <= 0xBE && y != 0x9F {
                    out.append(0xC3)
                    out.append(y >= 0xA0 && y != 0xB7 ? y - 0x20 : y)
                    i += 2
                } else {
                    return nil
                }
            }
            /// Whether the character ending at `end` (exclusive) is a letter or digit; its length.
            func last(_ end: Int) -> (alnum: Bool, length: Int) {
                let x = out[end - 1]
                if x < 0x80 { return (x &- 0x30 < 10 || x &- 0x41 < 26, 1) }
                return (x != 0x97 && x != 0xB7, 2)  // C3 xx: a letter but × and ÷
            }
            func trimPunct() {
                while let start = words.last {
                    var end = out.count
                    while end > start, case let (alnum, n) = last(end), !alnum { end -= n }
                    out.removeSubrange(end...)
                    if end > start { return }
                    words.removeLast()
                    if out.last == 0x20 { out.removeLast() }
                }
            }
            trimPunct()
            if words.count > 1, let start = words.last {
                let word = out[start...]
                if word.elementsEqual("AB".utf8) || word.elementsEqual("AKTIEBOLAG".utf8) {
                    out.removeSubrange((start - 1)...)
                    words.removeLast()
                    trimPunct()
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
