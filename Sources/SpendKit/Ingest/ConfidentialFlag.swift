/// A Sekretess value read on the safe side: a line is confidential unless its flag is empty or says no (`N`, `Nej`,
/// `No`, `0`, `False`, `Falskt`, `F`, `-`), so a flag spelt in a way no one foresaw (`X`, `✓`, `Sekretessbelagd`)
/// hides the description instead of printing it (SPEC §3.2: a confidential line's description is never printed).
enum ConfidentialFlag {
    /// The values that say a line is not confidential, upper case.
    static let no: Set<String> = ["N", "NEJ", "NO", "0", "FALSE", "FALSKT", "F", "-"]
    /// `no`'s values of up to eight ASCII bytes, each as one word, for the fast path.
    private static let noWords: Set<UInt64> = Set(no.map { $0.utf8.reduce(0) { $0 << 8 | UInt64($1) } })

    /// Whether a trimmed Sekretess value makes its line confidential: ASCII by its bytes, anything else through
    /// `String.uppercased()`, as `isConfidential(_: String)` reads it.
    @inline(__always) static func isConfidential(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !t.isEmpty else { return false }
        guard t.count <= 8 else { return true }  // no word of `no` is longer
        var w: UInt64 = 0
        for b in t {
            // beyond ASCII, or a control byte (a NUL would vanish from the word: `\0N` read as `N`), the String way
            if b >= 0x80 || b < 0x20 { return isConfidential(String(decoding: t, as: UTF8.self)) }
            w = w << 8 | UInt64(b &- 0x61 < 26 ? b - 0x20 : b)
        }
        return !noWords.contains(w)
    }

    /// Whether a trimmed Sekretess value makes its line confidential.
    static func isConfidential(_ s: String) -> Bool { !s.isEmpty && !no.contains(s.uppercased()) }
}
