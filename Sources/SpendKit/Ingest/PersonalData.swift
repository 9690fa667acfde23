/// Masks personnummer written inside free text (a sole trader's name "Anna Ek 790619-7442", a description), so
/// they never reach an output: the last four digits become `****`.
enum PersonalData {
    /// The text with every personnummer-shaped number masked; the text itself when it holds none.
    /// - Complexity: O(n); a text with no personnummer-shaped run (`mayHold`) is returned after one pass.
    static func masked(_ text: String) -> String {
        var text = text
        guard text.withUTF8(mayHold) else { return text }
        var bytes = Array(text.utf8)
        var changed = false
        var i = 0
        while i < bytes.count {
            guard isDigit(bytes[i]), i == 0 || !isDigit(bytes[i - 1]) else { i += 1; continue }
            var j = i
            while j < bytes.count && isDigit(bytes[j]) { j += 1 }
            let run = j - i
            // YYMMDD or YYYYMMDD, then a separator and four digits, or ten/twelve digits in one run.
            var birth = -1, tail = -1
            if run == 10 || run == 12 {
                birth = j - 10; tail = j - 4
            } else if (run == 6 || run == 8), j + 5 <= bytes.count, [0x2D, 0x2B, 0x20].contains(bytes[j]),
                (j + 1..<j + 5).allSatisfy({ isDigit(bytes[$0]) }), j + 5 == bytes.count || !isDigit(bytes[j + 5])
            {
                birth = j - 6; tail = j + 1
            }
            if birth >= 0, run != 12 || [0x31, 0x32].contains(bytes[i]), isBirthDate(bytes[birth..<birth + 6]) {
                for k in tail..<tail + 4 { bytes[k] = UInt8(ascii: "*") }
                changed = true
            }
            i = j
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// Whether bytes may hold a personnummer: a run of ten or twelve digits, or of six or eight then `-`, `+` or a
    /// blank and four digits — the shapes `masked` looks at, so false means it would change nothing. Invoice and
    /// article numbers in a description ("faktura 800000 rad 1") are not such runs.
    /// - Complexity: O(n), one pass over the bytes.
    @inline(__always) static func mayHold(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard n >= 10 else { return false }
        var i = 0
        while i < n {
            guard isDigit(b[i]) else { i += 1; continue }
            var j = i + 1
            while j < n && isDigit(b[j]) { j += 1 }
            let run = j - i
            if run == 10 || run == 12 { return true }
            if run == 6 || run == 8, j + 5 <= n, b[j] == 0x2D || b[j] == 0x2B || b[j] == 0x20, isDigit(b[j + 1]),
                isDigit(b[j + 2]), isDigit(b[j + 3]), isDigit(b[j + 4]), j + 5 == n || !isDigit(b[j + 5])
            {
                return true
            }
            i = j
        }
        return false
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    private static func isBirthDate(_ d: ArraySlice<UInt8>) -> Bool {
        SupplierID.isPersonShaped(d.map { $0 - 0x30 })
    }
}
