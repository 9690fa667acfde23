import Testing

@testable import SpendKit

/// `StringPool.less` against `String`'s own order, on the letters supplier names are made of.
@Suite("String pool order")
struct StringPoolOrderTests {
    @Test("byte order where it is String order, String order elsewhere", arguments: 0..<3)
    func randomNames(seed: UInt64) {
        var rng = FixtureRandom(seed: seed)
        // ASCII, Latin-1 (å ä ö é ü ß Ø), Latin Extended (ł ő), combining marks (U+0301, U+0308), Greek, CJK.
        let letters: [String] = [
            "a", "A", "z", "Z", " ", "-", "1", "å", "Å", "ä", "ö", "Ö", "é", "ü", "ß", "Ø", "ł", "ő", "e\u{301}",
            "o\u{308}",
            "\u{301}", "Ω", "東", "ǅ",
        ]
        let pool = StringPool()
        var ids: [(UInt32, String)] = []
        for _ in 0..<400 {
            let s = (0..<Int(rng.next() % 6)).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }.joined()
            ids.append((pool.id(s), s))
        }
        for _ in 0..<4_000 {
            let (a, sa) = ids[Int(rng.next() % UInt64(ids.count))], (b, sb) = ids[Int(rng.next() % UInt64(ids.count))]
            #expect(pool.less(a, b) == (sa < sb), "\(sa.debugDescription) < \(sb.debugDescription)")
        }
    }
}

/// `LatinFold.lower` against `String.lowercased()`.
@Suite("Latin fold")
struct LatinFoldTests {
    @Test("random texts lower-case as String does", arguments: 0..<3)
    func randomTexts(seed: UInt64) {
        var rng = FixtureRandom(seed: seed)
        let parts = [
            "A", "z", "Q", "1", " ", "Å", "Ä", "Ö", "å", "é", "É", "×", "÷", "ß", "ÿ", "Þ", "þ", "µ", "ª", "\u{A0}",
            "İ", "Σ", "e\u{301}", "ǅ",
        ]
        for _ in 0..<4_000 {
            let s = (0..<Int(rng.next() % 8)).map { _ in parts[Int(rng.next() % UInt64(parts.count))] }.joined()
            #expect(LatinFold.lower(s) == Array(s.lowercased().utf8), "\(s.debugDescription)")
        }
    }
}

/// A JSON list written in pieces is the list written whole.
@Suite("JSON in pieces")
struct JSONPiecesTests {
    @Test("a list of 60 000 items flushed each megabyte gives the same bytes, in more than one piece")
    func pieces() {
        let items = (0..<60_000).map { "{\"name\": \"Leverantör \($0)\", \"amount\": \($0).00}" }
        var whole = JSONOut()
        whole.open("{")
        whole.list("top", items, last: true) { $0 }
        whole.close("}")
        var out: [UInt8] = [], pieces = 0
        var o = JSONOut()
        o.open("{")
        o.list(
            "top", items[...], last: true,
            flush: {
                out += $0; pieces += 1
            }
        ) { $0 }
        o.close("}")
        out += Array(o.text.utf8)
        #expect(out == Array(whole.text.utf8))
        #expect(pieces >= 2)
    }
}
