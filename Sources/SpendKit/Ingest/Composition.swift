import Foundation
import SpendCore

/// Text in decomposed form (NFD: `a` and a combining ring, as exports that passed through macOS or a PDF write it)
/// made composed (NFC: `å`), so that a name or a text is the same bytes whichever form its file used: one supplier,
/// not two, and a rule's text found in both (the reference path compared the forms as equal, the fast path did not).
enum Composition {
    /// Whether UTF-8 bytes hold a combining diacritical mark (U+0300–U+036F: lead byte 0xCC, or 0xCD before 0xB0).
    /// - Complexity: O(n) by `memchr`, so the sequential reader's chunks cost next to nothing when they have none.
    static func hasMarks(_ b: ArraySlice<UInt8>) -> Bool {
        b.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress, p.count > 1 else { return false }
            if memchr(base, 0xCC, p.count - 1) != nil { return true }
            var from = base
            let end = base + p.count - 1  // a lead byte needs the byte after it
            while from < end, let hit = memchr(from, 0xCD, end - from) {
                let at = hit.assumingMemoryBound(to: UInt8.self)
                if Validation.isCombiningMark(lead: at[0], next: at[1]) { return true }
                from = UnsafePointer(at) + 1
            }
            return false
        }
    }

    /// The bytes in NFC; line ends and delimiters stay where they are.
    static func composed(_ b: ArraySlice<UInt8>) -> [UInt8] {
        Array(String(decoding: b, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }
}
