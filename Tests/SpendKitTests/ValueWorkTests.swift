import Testing

@testable import SpendKit

/// The per-value work of the fast path done on bytes or once per table must equal the reference way's `String` work.
@Suite struct ValueWorkTests {
    /// Blanks, Latin-1 letters and letters beyond it, and a combining mark that makes a blank one `Character` with it.
    static let pieces = [
        "a", "Ö", "é", "AB", " ", "  ", "\t", "\u{A0}", " \u{A0}", "\u{301}", "ł", "–", "1", "\u{A0}\t ", "ß",
    ]

    @Test("a field's blanks folded on bytes are collapseBlanks on the trimmed String", arguments: 1...4)
    func collapseOnBytes(seed: UInt64) {
        var rng = FixtureRandom(seed: seed)
        for _ in 0..<2_000 {
            let pieces = ValueWorkTests.pieces
            let s = (0..<Int(rng.next() % 9)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let bytes = Array(s.utf8)
            let got = bytes.withUnsafeBufferPointer { RawRecord.trimmedString($0, collapse: true) }
            let trimmed = s.trimmingCharacters(in: [" ", "\t", "\u{A0}"])
            #expect(got == collapseBlanks(trimmed), "\(Array(s.unicodeScalars))")
        }
    }

    @Test("an org number's mask made once per table is the rule-by-rule test, past the first mask word")
    func orgMasks() throws {
        // 70 rules: the ids' rules on both sides of bit 64, rules without an org condition between them.
        var rows = ""
        for k in 0..<70 {
            switch k % 3 {
            case 0: rows += "IT;R\(k);556036-0793;;;;\n"
            case 1: rows += "IT;R\(k);;;7431*;;\n"
            default: rows += "IT;R\(k);556036-0793|212000-0142;;;;\n"
            }
        }
        let table = try RuleTable.load(writeFile(ClassifierTests.header + rows, name: "regler.csv", in: tempDir()))
        let classifier = Classifier(table)
        #expect(classifier.maskWords == 2)
        let ids: [SupplierID?] = [
            nil, SupplierID.parse("5560360793"), SupplierID.parse("2120000142"), SupplierID.parse("5560000001"),
        ]
        for id in ids {
            var got: [UInt64] = []
            classifier.orgMasks.append(id, to: &got)
            var want = [UInt64](repeating: 0, count: classifier.maskWords)
            for (i, r) in table.rules.enumerated() where r.orgs.isEmpty || id.map({ r.orgs.contains($0) }) == true {
                want[i >> 6] |= 1 << UInt64(i & 63)
            }
            #expect(got == want, "\(String(describing: id))")
        }
    }
}
