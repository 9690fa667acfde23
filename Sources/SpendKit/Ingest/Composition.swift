import Foundation

/// Text in decomposed form (NFD: `a` and a combining ring, as exports that passed through macOS or a PDF write it)
/// made composed (NFC: `å`), so that a name or a text is the same bytes whichever form its file used: one supplier,
/// not two, and a rule's text found in both (the reference path compared the forms as equal, the fast path did not).
enum Composition {
    /// Whether UTF-8 bytes hold a combining diacritical mark (U+0300–U+036F).
    static func hasMarks(_ b: ArraySlice<UInt8>) -> Bool {
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            if (c == 0xCC || c == 0xCD) && i + 1 < b.endIndex && (c == 0xCC || b[i + 1] < 0xB0) { return true }
            i += 1
        }
        return false
    }

    /// The bytes in NFC; line ends and delimiters stay where they are.
    static func composed(_ b: ArraySlice<UInt8>) -> [UInt8] {
        Array(String(decoding: b, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }
}
