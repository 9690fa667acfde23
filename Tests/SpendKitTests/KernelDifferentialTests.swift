import Foundation
import Testing

@testable import SpendKit

/// Random ledgers and random rule tables of every kind, through the fast path and the reference path: the column
/// caches, rule masks and per-line description classes must give the reference's reports and books exactly.
@Suite("Fast path kernel against the reference on random ledgers")
struct KernelDifferentialTests {
    /// A ledger, a rule table, a contract register and a profile, all drawn from `seed`.
    struct Ledger {
        var dir: String
        var files: [String]
        var rules: String
        var contracts: String
        var profile: String
        var category: String?
    }

    static let words = [
        "licens", "Licens", "LICENS", "skärm", "SKÄRM", "Skärm", "dator", "Dator", "ÖVRIGT", "övrigt", "Éclair",
        "trygghetslarm", "Trygghetslarm", "välfärdsteknik", "VÄLFÄRDSTEKNIK", "konsult", "IT-konsult", "it-KONSULT",
        "telefoni", "İstanbul", "Ωmega", "東京", "naïve", "ÆØÅ", "straße", "STRASSE", "×", "kabel", "1234", "abc",
    ]
    static let names = [
        "Atea Sverige AB", "ATEA SVERIGE AB", "Atea  Sverige AB", "Tele2 Sverige AB", "Nisses Data", "NISSES DATA",
        "Åkerbergs Åkeri", "ÅKERBERGS ÅKERI", "Eva Ek 790619-7442", "Ωmega Ltd", "Konsultbolaget i Norr AB", "",
    ]
    static let ids = [
        "556036-0793", "5560360793", "SE556036079301", "556410-8917", "16556410-8917", "", "NULL", "790619-7442",
        "SE790619744201", "DK78479310", "5564108917/", "ZZ",
    ]
    static let accounts = [
        "54610", "54620", "74311", "74315", "74580", "41000", "65400", "745", "7431", "99999", "", "74311 Licenser",
        "54610 Datorer och skärmar",
    ]

    static func ledger(seed: UInt64, accountSplit: Bool = false, withRules: Bool = true) -> Ledger {
        var g = FixtureRandom(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[g.int(0...(xs.count - 1))] }
        func text() -> String {
            switch g.int(0...9) {
            case 0: return ""
            case 1: return "  " + pick(words) + "  "
            case 2: return "faktura \(g.int(1_000_000_000...9_999_999_999)) " + pick(words)
            case 3: return "Eva Ek 790619-7442 " + pick(words)
            default: return (0..<g.int(1...4)).map { _ in pick(words) }.joined(separator: " ")
            }
        }
        let dir = tempDir()
        let cats = [
            ("IT", "HW"), ("IT", "Lic"), ("IT", "Konsult"), ("IT", "Larm"), ("Bygg", "Bygg"), ("Övrigt", "Diverse"),
        ]
        var rules = ["kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar"]
        let nameConds = ["atea", "ÅKERBERG", "/^nisses/", "/ab$/", "Ωmega", "sverige|data", "/eva ek/"]
        let textConds = [
            "licens", "/lic(ens)?/", "skärm|dator", "TRYGGHETSLARM|/välfärds?teknik/", "konsult", "övrigt", "/\\d{4}/",
            "straße", "東京", "é",
        ]
        let accountConds = ["54610", "54610|54620", "74310-74317", "745*", "7458*", "41000", "99999", "65400"]
        for _ in 0..<g.int(6...16) {
            let (c, s) = pick(cats)
            var cells = [c, s, "", "", "", "", "slump"]
            repeat {
                if g.int(0...3) == 0 {
                    cells[2] = pick(["556036-0793", "5564108917", "556036-0793|556410-8917", "790619-7442"])
                }
                if g.int(0...2) == 0 { cells[3] = pick(nameConds) }
                if g.int(0...1) == 0 { cells[4] = pick(accountConds) }
                if g.int(0...1) == 0 { cells[5] = pick(textConds) }
            } while cells[2...5].allSatisfy(\.isEmpty)
            rules.append(cells.joined(separator: ";"))
        }
        var contracts = [
            "avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic",
            "K1;HW;556036-0793;Atea;IT;;2021-01-01;2022-06-30;;;ramavtal;",
            "K2;Lic;556410-8917;Tele2;IT;Lic;2020-01-01;2025-12-31;;1000;ramavtal;",
            "K3;Larm;;Nisses Data;IT;Larm;2022-03-01;2022-12-31;;;;",
            "K4;Eva;790619-7442;Eva Ek;IT;;2021-01-01;2022-12-31;;;;",
        ]
        if !withRules { contracts.removeLast() }
        let header = "Nr;Ver;Datum;Namn;Id;Kst;Konto;Kontotext;Text;Belopp;Valuta;Avtal;Kat;Underkat"
        var rows: [String] = []
        for i in 0..<g.int(600...1200) {
            let (c, s) = pick(cats)
            let number = g.int(0...5) == 0 ? "" : "F\(g.int(1...400))"
            let voucher = number.isEmpty && g.int(0...1) == 0 ? "" : "V\(i % 300)"
            let date =
                "202\(g.int(1...2))-\(String(format: "%02d", g.int(1...12)))-\(String(format: "%02d", g.int(1...28)))"
            let amount = "\(g.int(-500...90_000)),\(String(format: "%02d", g.int(0...99)))"
            let fields = [
                number, voucher, date, pick(names), pick(ids), pick(["1100", "1200", "2100", "9999", ""]),
                pick(accounts),
                g.int(0...2) == 0 ? pick(words) : "", text(), amount, pick(["", "", "", "SEK", "sek", "EUR"]),
                pick(["", "", "K1", "K2", "K3", "K9"]), withRules ? "" : c, withRules ? "" : s,
            ]
            rows.append(
                fields.map {
                    $0.contains(";") || $0.contains("\"")
                        ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0
                }
                .joined(separator: ";"))
        }
        // A second dump that repeats a third of the first and adds its own lines.
        let second =
            rows.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
            + rows.suffix(50).map { $0.replacingOccurrences(of: ";V", with: ";W") }
        let profile = """
            [fields]
            invoice_number = "Nr"
            voucher = "Ver"
            booking_date = "Datum"
            supplier_name = "Namn"
            supplier_id = "Id"
            cost_centre = "Kst"
            account = "Konto"
            account_text = "Kontotext"
            description = "Text"
            amount = "Belopp"
            currency = "Valuta"
            contract_ref = "Avtal"
            category = "Kat"
            subcategory = "Underkat"
            [format]
            account_split = \(accountSplit)
            """
        return Ledger(
            dir: dir,
            files: [
                writeFile(([header] + rows).joined(separator: "\n") + "\n", name: "a.csv", in: dir),
                writeFile(([header] + second).joined(separator: "\r\n") + "\r\n", name: "b.csv", in: dir),
            ],
            rules: writeFile(rules.joined(separator: "\n") + "\n", name: "regler.csv", in: dir),
            contracts: writeFile(contracts.joined(separator: "\n") + "\n", name: "avtal.csv", in: dir),
            profile: writeFile(profile, name: "p.toml", in: dir), category: g.int(0...3) == 0 ? nil : "IT")
    }

    static func options(_ l: Ledger, files: [String]? = nil, withRules: Bool = true) -> RunOptions {
        var o = RunOptions()
        o.invoices = files ?? l.files
        o.profile = l.profile
        o.rules = withRules ? l.rules : nil
        o.contracts = l.contracts
        o.organisation = repoRoot + "/Fixtures/analysis/organisation.csv"
        o.settings.category = l.category
        return o
    }

    @Test("random ledgers and rule tables: the fast path gives the reference's reports and books", arguments: 1...12)
    func randomLedgers(seed: Int) throws {
        let l = Self.ledger(seed: UInt64(seed), accountSplit: seed % 4 == 0)
        for o in [Self.options(l), Self.options(l, files: [l.files[0]])] {
            let reference = try outputs(o, fast: false)
            #expect(reference.count > 3)
            let fast = try outputs(o, fast: true, threads: 2)
            for (a, b) in zip(fast, reference) where a != b {
                Issue.record("seed \(seed)\nFAST: \(a.prefix(3000))\nREF:  \(b.prefix(3000))"); break
            }
            #expect(fast == reference)
            #expect(try outputs(o, fast: true, threads: 1, subjectLimit: 7) == reference, "seed \(seed), flushing")
            #expect(
                try outputs(o, fast: true, threads: 2, bypassProbe: 1) == reference,
                "seed \(seed), every line worked out from its columns")
            #expect(
                try outputs(o, fast: true, threads: 1, subjectLimit: 5, bypassProbe: 3) == reference,
                "seed \(seed), both")
            #expect(
                try outputs(o, fast: true, threads: 2, prefetchFrom: 0) == reference,
                "seed \(seed), every record batched and its lookups prefetched")
            #expect(
                try outputs(o, fast: true, threads: 1, subjectLimit: 5, bypassProbe: 3, prefetchFrom: 0) == reference,
                "seed \(seed), batched, flushing and worked out from its columns")
        }
    }

    @Test("without a rule table the export's own categories class the lines the same way", arguments: 1...3)
    func exportCategories(seed: Int) throws {
        let l = Self.ledger(seed: UInt64(100 + seed), withRules: false)
        let o = Self.options(l, withRules: false)
        let reference = try outputs(o, fast: false)
        #expect(try outputs(o, fast: true, threads: 2) == reference)
    }

    @Test("case folding of a description's bytes is String.lowercased(), Latin-1 or not")
    func foldCase() {
        var buffer = [UInt8](repeating: 0, count: 4)
        func folded(_ s: String) -> [UInt8] {
            let bytes = Array(s.utf8)
            return bytes.withUnsafeBufferPointer { b in
                let n = LatinFold.foldAll(b, into: &buffer)
                return Array(buffer[..<n])
            }
        }
        for s in [
            "ÅÄÖ åäö ÉÈ ×÷ ß ABC xyz 123", "Æ Ø Þ", "", "a", "İstanbul", "ΩMEGA ΟΔΟΣ", "東京", "välfärd – NATTKAMERA",
            "Ǆ ẞ Σ", "ŁÓDŹ 🙂 e\u{301}",
        ] {
            #expect(folded(s) == Array(s.lowercased().utf8), "\(s)")
        }
        // Random texts of Latin-1 and other letters, signs and marks: `lowercased()` of each, byte for byte.
        let pieces = ["A", "z", "Ä", "é", "ß", "×", " ", "İ", "Σ", "ǅ", "–", "\u{301}", "Ω", "東", "🙂", "Ꭰ", "Ａ", "ﬀ"]
        var rng = FixtureRandom(seed: 7)
        for _ in 0..<2_000 {
            let s = (0..<12).map { _ in pieces[rng.int(0...pieces.count - 1)] }.joined()
            #expect(folded(s) == Array(s.lowercased().utf8), "\(s)")
        }
    }
}
