/// Masks personnummer written inside free text (a sole trader's name "Anna Ek 790619-7442", a description), so
/// they never reach an output: the last four digits become `****`.
enum PersonalData {
    /// The text with every personnummer-shaped number masked; the text itself when it holds none.
    /// - Complexity: O(n); a text with no personnummer-shaped run (`mayHold`) is returned after one pass.
    static func masked(_ text: String) -> String {
        var text = text
        guard text.withUTF8(mayHold) else { return text }
        var bytes = Array(text.utf8)
        var tails: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            _ = shapes(b) { start, birth, tail in
                // A twelve-digit run starts with its century (19, 20); the six digits must be a birth date.
                if tail - start != 8 || b[start] == 0x31 || b[start] == 0x32,
                    isBirthDate(b[birth..<birth + 6])
                {
                    tails.append(tail)
                }
                return false
            }
        }
        for t in tails { for k in t..<t + 4 { bytes[k] = UInt8(ascii: "*") } }
        return tails.isEmpty ? text : String(decoding: bytes, as: UTF8.self)
    }

    /// Whether bytes may hold a personnummer: a run of ten or twelve digits, or of six or eight then `-`, `+` or a
    /// blank and four digits — the shapes `masked` looks at (`shapes`), so false means it would change nothing.
    /// Invoice and article numbers in a description ("faktura 800000 rad 1") are not such runs.
    /// - Complexity: O(n), one pass over the bytes.
    @inline(__always) static func mayHold(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count >= 10 && shapes(b) { _, _, _ in true }
    }

    /// Calls `body(start, birth, tail)` for each personnummer-shaped run of digits — YYMMDD or YYYYMMDD, then a
    /// separator and four digits, or ten or twelve digits in one run — with where the run starts, where its six
    /// birth digits start and where its last four digits start; true as soon as `body` returns true.
    @inline(__always) private static func shapes(
        _ b: UnsafeBufferPointer<UInt8>, _ body: (_ start: Int, _ birth: Int, _ tail: Int) -> Bool
    ) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            guard isDigit(b[i]) else { i += 1; continue }
            var j = i + 1
            while j < n && isDigit(b[j]) { j += 1 }
            let run = j - i
            if run == 10 || run == 12 {
                if body(i, j - 10, j - 4) { return true }
            } else if run == 6 || run == 8, j + 5 <= n, b[j] == 0x2D || b[j] == 0x2B || b[j] == 0x20,
                isDigit(b[j + 1]), isDigit(b[j + 2]), isDigit(b[j + 3]), isDigit(b[j + 4]),
                j + 5 == n || !isDigit(b[j + 5])
            {
                if body(i, j - 6, j + 1) { return true }
            }
            i = j
        }
        return false
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    private static func isBirthDate(_ d: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        SupplierID.isPersonShaped(d.map { $0 - 0x30 })
    }
}
