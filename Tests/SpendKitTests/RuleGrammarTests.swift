import Foundation
import Testing

@testable import SpendKit

/// The rule table's cell grammar (SPEC §3.3; issue 15 case 4) and regular expressions with bounded time
/// (issue 20 case 6).
@Suite struct RuleGrammarTests {
    static let header = "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\n"
    /// What stands before the `text` cell on a rule line written by `textRule`: the cell starts at column 9.
    static let textPrefix = "IT;A;;;;"

    static func textRule(_ cell: String) -> String { textPrefix + cell + ";\n" }

    /// Good cells and the alternatives they hold, as written.
    @Test(arguments: [
        ("COMPUTER MAINTENANCE", ["COMPUTER MAINTENANCE"]),
        ("/^(ICT|IT) /|COMPUTER MAINTENANCE", ["/^(ICT|IT) /", "COMPUTER MAINTENANCE"]),
        ("a | b", ["a", "b"]),
        ("/a|b/", ["/a|b/"]),
        ("/a\\/b|c/|d", ["/a\\/b|c/", "d"]),
        ("/[/|]x/ | y", ["/[/|]x/", "y"]),
        ("/[]|]z/", ["/[]|]z/"]),
        ("TV/Radio|x", ["TV/Radio", "x"]),
        ("/sensor(er)?/|/(?i:larm)/|/(?!itsm)it/", ["/sensor(er)?/", "/(?i:larm)/", "/(?!itsm)it/"]),
        ("/(\\d{3} )+/", ["/(\\d{3} )+/"]),
    ])
    func goodCells(_ cell: String, _ expected: [String]) throws {
        let (alts, problems) = RuleCell.parse(cell)
        #expect(problems.isEmpty)
        #expect(alts.map(\.source) == expected)
        let table = try RuleTable.load(writeFile(Self.header + Self.textRule(cell)))
        #expect(table.rules[0].texts.map(\.source) == expected)
        #expect(table.rules[0].texts.map(\.isRegex) == expected.map { $0.hasPrefix("/") })
    }

    /// Bad cells: the character of the cell (1-based) the error names, and a word of its message.
    @Test(arguments: [
        ("/^(ICT|IT) ", 1, "no / closes"),
        ("a||b", 3, "empty alternative"),
        ("|a", 1, "empty alternative"),
        ("a|", 2, "empty alternative"),
        ("a| |b", 4, "empty alternative"),
        ("/abc/def|x", 6, "text after the regular expression"),
        ("//", 1, "empty regular expression"),
        ("x|/[abc/", 4, "character class"),
        ("/(a/", 2, "never closed"),
        ("/a)/", 3, "closes no ("),
        ("/a{,3}/", 1, "does not compile"),
        ("/(a+)+$/", 6, "nested quantifier"),
        ("/(a*)*/", 6, "nested quantifier"),
        ("/(a?){2,}/", 6, "nested quantifier"),
        ("/((ab)+c)*/", 10, "nested quantifier"),
        ("/(a|a)*/", 7, "repeated alternation"),
        ("/(a)\\1/", 5, "backreference"),
        ("/(?<x>a)\\k<x>/", 9, "backreference"),
        ("x|/(?:b?){2,}/", 10, "nested quantifier"),
    ])
    func badCells(_ cell: String, _ character: Int, _ words: String) throws {
        let path = writeFile(Self.header + "IT;OK;;;74311;;\n" + Self.textRule(cell))
        do {
            _ = try RuleTable.load(path)
            Issue.record("no error for \(cell)")
        } catch let e as ClassifyError {
            #expect(e.problems.count == 1, "\(e)")
            #expect(e.line == 3)
            #expect(e.field == "text")
            #expect(e.column == Self.textPrefix.count + character, "\(e)")
            #expect(e.description.hasPrefix("\(path):3:\(Self.textPrefix.count + character): text: "))
            #expect(e.message.contains(words), "\(e)")
        }
    }

    /// A rule without underkategori puts its lines in a subcategory the reports can name.
    @Test func ruleWithoutSubcategory() throws {
        let table = try RuleTable.load(writeFile(Self.header + "Vård och omsorg;;;;463*;;\n"))
        #expect(table.rules[0].subcategory == "(ingen underkategori)")
    }

    /// A rule's or contract's id cell holds one id per `|`: two written with a comma or a blank, or a name after the
    /// number, are an error naming the cell, never the first id alone.
    @Test(arguments: ["5564480282, 5562675164", "5564480282 5562675164", "556448-0282 Atea", "556448-0282/556267-5164"])
    func oneIDPerAlternative(_ cell: String) throws {
        let rules = writeFile(Self.header + "IT;HW;\"\(cell)\";;;;\n")
        #expect(throws: ClassifyError.self) { try RuleTable.load(rules) }
        let header = "avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till"
        let contracts = writeFile(header + "\nA1;Ramavtal;\(cell);;IT;;2021-01-01;2023-12-31\n")
        #expect(throws: AnalyzeError.self) { try ContractRegister.load(contracts) }
        let good = writeFile(header + "\nA1;Ramavtal;5564480282|556267-5164;;IT;;2021-01-01;2023-12-31\n")
        #expect(try ContractRegister.load(good).contracts.count == 1)
        #expect(try RuleTable.load(writeFile(Self.header + "IT;HW;5564480282|556267-5164;;;;\n")).rules[0].orgs.count == 2)
    }

    /// The column counts characters of the line, past a quoted cell's quote and doubled quotes, and a Swedish letter.
    @Test func columnIsTheLinesThroughQuotes() throws {
        let path = writeFile(Self.header + "IT;Å;;\"Ö \"\"x\"\";y||z\";;;\n")
        let e = try #require(throws: ClassifyError.self) { try RuleTable.load(path) }
        // `IT;Å;;"Ö ""x"";y||z"`: the cell is `Ö "x";y||z`, its second | is character 9 of the cell, column 18 of the line.
        #expect(e.column == 18)
        #expect(e.field == "leverantor_namn")
        #expect(e.message.contains("characters 8 and 9"))
    }

    /// A Windows-1252 table with CRLF line ends gives the same columns as UTF-8.
    @Test func columnInAWindows1252Table() throws {
        let text = Self.header + "IT;Övrigt;;;;räkning|/(å+)+/;\n"
        let bytes = Array(text.replacingOccurrences(of: "\n", with: "\r\n").data(using: .windowsCP1252)!)
        let e = try #require(throws: ClassifyError.self) { try RuleTable.load(writeFile(bytes)) }
        // `IT;Övrigt;;;;räkning|/(å+)+/`: the text cell starts at column 14; its outer + is character 14 of the cell.
        #expect(e.line == 2)
        #expect(e.column == 13 + 14, "\(e)")
        #expect(e.message.contains("nested quantifier"))
    }

    /// Every problem of the table is reported, each `file:line:col: message`, at load and by `rules check` (exit 65).
    @Test func everyErrorIsReported() throws {
        let dir = tempDir()
        let path = writeFile(
            Self.header + """
                IT;A;;;;/(a+)+$/;
                IT;B;;x||y;;/^(ICT|IT /|COMPUTER MAINTENANCE;
                IT;C;;;7431-;/a)/ ;
                IT;D;;;;ok;
                ;E;;;74311;;

                """, name: "regler.csv", in: dir)
        let e = try #require(throws: ClassifyError.self) { try RuleTable.load(path) }
        let expected = [
            (2, 14, "text"), (3, 9, "leverantor_namn"), (3, 15, "text"), (4, 8, "konto"), (4, 16, "text"),
            (6, 1, "kategori"),
        ]
        #expect(e.problems.map { [$0.line, $0.column] } == expected.map { [$0.0, $0.1] })
        #expect(e.problems.map(\.field) == expected.map(\.2))
        for cmd in [
            ["rules", "check", "--rules", path],
            ["analyze", "--invoices", writeFile(Self.invoices), "--rules", path, "--out", dir + "/out"],
        ] {
            let r = try runSpend(cmd)
            #expect(r.code == 65, "\(cmd): \(r.err)")
            for (line, column, field) in expected {
                #expect(r.err.contains("\n\(path):\(line):\(column): \(field): "), "\(r.err)")
            }
        }
    }

    static let invoices = """
        Fakturanr;Bokföringsdatum;Leverantörsnamn;Org.nr;Förvaltning;Konto;Kontonamn;Beskrivning;Belopp SEK
        A1;2022-01-10;Atea Sverige AB;556036-0793;Kommunstyrelsen;74311;Diverse;ICT SERVICES Q1;10 000,00
        T1;2022-01-31;Tele2 Sverige AB;556410-8917;Kommunstyrelsen;65400;Diverse;IT SUPPORT;2 500,50
        D1;2022-02-10;Dell AB;556448-0282;Kommunstyrelsen;65400;Diverse;Computer maintenance;1 000,00
        P1;2022-02-10;Pizza AB;556448-0282;Kommunstyrelsen;65400;Diverse;ITALIAN FOOD;300,00

        """

    /// Issue 15 case 4 end to end: `/^(ICT|IT) /|COMPUTER MAINTENANCE` puts the three IT rows in IT-tjänster
    /// (13 500,50 kr) and leaves `ITALIAN FOOD` unclassified.
    @Test func regexAmongAlternativesClassifiesEndToEnd() throws {
        let dir = tempDir()
        _ = writeFile(Self.invoices, name: "fakturor.csv", in: dir)
        _ = writeFile(
            Self.header + "IT och telekom;IT-tjänster;;;;/^(ICT|IT) /|COMPUTER MAINTENANCE;\n", name: "regler.csv",
            in: dir)
        let r = try runSpend(
            [
                "analyze", "--invoices", "fakturor.csv", "--rules", "regler.csv", "--out", "out", "--category",
                "IT och telekom",
            ], cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        let subs = try String(contentsOfFile: dir + "/out/2022/subcategories.csv", encoding: .utf8)
        #expect(subs.contains("\nIT-tjänster;13500,50;100,0;3;3;3;"), "\(subs)")
        let unclassified = try String(contentsOfFile: dir + "/out/2022/unclassified.csv", encoding: .utf8)
        #expect(unclassified.contains("Pizza AB;300,00"), "\(unclassified)")
        #expect(!unclassified.contains("Atea") && !unclassified.contains("Tele2"))
        let check = try runSpend(["rules", "check", "--rules", "regler.csv", "--invoices", "fakturor.csv"], cwd: dir)
        #expect(check.code == 0)
        #expect(check.out == "1 rule, 0 errors, 0 warnings\n", "\(check.out)")
    }

    /// `rules check --invoices` names each regular expression that matched no text, with its line and column,
    /// even when its rule matched through another alternative.
    @Test func neverMatchingRegexIsAWarning() throws {
        let dir = tempDir()
        _ = writeFile(Self.invoices, name: "fakturor.csv", in: dir)
        _ = writeFile(
            Self.header + """
                IT;A;;;;/^zzz/|ict;
                IT;B;;/^tele2 /;;/^it /;
                IT;C;;/^nobody$/;;;

                """, name: "regler.csv", in: dir)
        let r = try runSpend(["rules", "check", "--rules", "regler.csv", "--invoices", "fakturor.csv"], cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        #expect(
            r.out == """
                regler.csv:2:9: warning: text /^zzz/: regular expression never matched a text of the data
                regler.csv:4: warning: never matched a line of the data
                regler.csv:4:7: warning: leverantor_namn /^nobody$/: regular expression never matched a text of the data
                3 rules, 0 errors, 3 warnings

                """, "\(r.out)")
        // Without --invoices nothing is said about matching.
        #expect(
            try runSpend(["rules", "check", "--rules", "regler.csv"], cwd: dir).out == "3 rules, 0 errors, 0 warnings\n"
        )
    }

    /// Issue 20 case 6: `/(a+)+$/` is refused at once, naming line and column, by `rules check` and `analyze`;
    /// before, 50 rows of 24 `a` took 52 s.
    @Test func catastrophicRegexIsRefusedQuickly() throws {
        let dir = tempDir()
        let rows = (0..<50).map {
            "X\($0);2022-01-10;Leverantör \($0) AB;;Kommunstyrelsen;74311;Diverse;\(String(repeating: "a", count: 26))b;1,00"
        }
        _ = writeFile(
            "Fakturanr;Bokföringsdatum;Leverantörsnamn;Org.nr;Förvaltning;Konto;Kontonamn;Beskrivning;Belopp SEK\n"
                + rows.joined(separator: "\n") + "\n",
            name: "fakturor.csv", in: dir)
        _ = writeFile(Self.header + "IT;Fine;;;;/^a{3}/|zz;\nIT;Bad;;;;/(a+)+$/;\n", name: "regler.csv", in: dir)
        let start = Date()
        for cmd in [
            ["rules", "check", "--rules", "regler.csv", "--invoices", "fakturor.csv"],
            ["analyze", "--invoices", "fakturor.csv", "--rules", "regler.csv", "--out", "out"],
        ] {
            let r = try runSpend(cmd, cwd: dir)
            #expect(r.code == 65)
            #expect(r.err.contains("regler.csv:3:16: text: /(a+)+$/ refused: nested quantifier"), "\(r.err)")
        }
        #expect(Date().timeIntervalSince(start) < 10)
        // Without the bad rule the fine regular expression classifies every row.
        _ = writeFile(Self.header + "IT;Fine;;;;/^a{3}/|zz;\n", name: "regler.csv", in: dir)
        let r = try runSpend(
            ["analyze", "--invoices", "fakturor.csv", "--rules", "regler.csv", "--out", "out", "--category", "IT"],
            cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        #expect(
            try String(contentsOfFile: dir + "/out/2022/subcategories.csv", encoding: .utf8).contains(
                "\nFine;50,00;100,0;50;50;50;"))
    }

    /// What the static check lets through (polynomial backtracking, `.*.*.*.*x`) still ends: the step budget
    /// stops it, the same way every time, and `rules check` reports the overrun as an error.
    @Test func stepBudgetStopsPolynomialRegexes() throws {
        let re = try #require(TextPattern.compile(".*.*.*.*x"))
        let p = TextPattern(regex: re, source: "/.*.*.*.*x/", body: ".*.*.*.*x")
        let subject = String(repeating: "a", count: 400)
        let start = Date()
        #expect(p.run(subject) == .overrun)
        #expect(p.run(subject) == .overrun)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(p.run(String(repeating: "a", count: 50) + "x") == .match)

        let dir = tempDir()
        _ = writeFile(
            "Fakturanr;Bokföringsdatum;Leverantörsnamn;Org.nr;Förvaltning;Konto;Kontonamn;Beskrivning;Belopp SEK\nX1;2022-01-10;L AB;;KS;74311;D;\(subject);1,00\n",
            name: "fakturor.csv", in: dir)
        _ = writeFile(Self.header + "IT;Slow;;;;/.*.*.*.*x/;\n", name: "regler.csv", in: dir)
        let r = try runSpend(["rules", "check", "--rules", "regler.csv", "--invoices", "fakturor.csv"], cwd: dir)
        #expect(r.code == 65)
        #expect(
            r.out.contains(
                "regler.csv:2:12: error: text /.*.*.*.*x/: regular expression gave up after its step budget on 1 text (the longest 400 characters)"
            ), "\(r.out)")
    }

    /// Short texts skip the budget's per-position callbacks when a rough bound on the work says they may:
    /// common rule expressions on names and descriptions take the fast path, polynomial ones only on tiny texts,
    /// and both paths give the same answers.
    @Test func fastPathIsBoundedAndAgrees() throws {
        func fast(_ re: String) -> Int {
            RegexCheck.fastLength(RegexCheck.analyse(Array(re.unicodeScalars), base: 0), patternLength: re.utf16.count)
        }
        #expect(fast("^tele") > 500)
        #expect(fast("(data|dator)(system|service)?") > 200)
        #expect(fast("konsult.*it") > 60)
        #expect(fast(".*.*.*.*x") < 10)
        #expect(fast("a{0,1000}a{0,1000}a{0,1000}b") < 100)
        let path = writeFile(Self.header + Self.textRule("/(data|dator)(system|service)?/|/^it.*konsult/|/.*.*.*x/"))
        let texts = try RuleTable.load(path).rules[0].texts
        #expect(texts.map(\.fastLength).allSatisfy { $0 >= 0 })
        var rng = SeededRandom(seed: 7)
        let words = ["data", "dator", "system", "service", "it", "konsult", "x", " ", "IT-"]
        for _ in 0..<300 {
            let subject = (0..<Int.random(in: 0...12, using: &rng)).map { _ in words.randomElement(using: &rng)! }
                .joined()
            for t in texts {
                let slow = TextPattern(
                    regex: try #require(t.regex), source: t.source, body: String(t.source.dropFirst().dropLast()))
                #expect(t.run(subject) == slow.run(subject), "\(t.source) on \(subject)")
            }
        }
    }

    /// A regular expression sees the first 4 096 bytes of a text, cut at a character boundary.
    @Test func subjectIsCappedAt4096Bytes() throws {
        let p = TextPattern(regex: try #require(TextPattern.compile("needle")), source: "/needle/", body: "needle")
        #expect(p.run(String(repeating: "x", count: 4000) + "needle") == .match)
        #expect(p.run(String(repeating: "x", count: 4096) + "needle") == .noMatch)
        // A linear expression on a whole 4 096-byte text stays well inside the step budget.
        let q = TextPattern(
            regex: try #require(TextPattern.compile("konsult.*it|\\bdata\\w*")), source: "/konsult.*it|\\bdata\\w*/",
            body: "konsult.*it|\\bdata\\w*")
        #expect(q.run(String(repeating: "konsult x ", count: 500)) == .noMatch)
        #expect(q.run(String(repeating: "konsult x ", count: 409) + "it") == .match)
        let capped = TextPattern.capped(String(repeating: "x", count: 4095) + "ö")
        #expect(capped.utf8.count == 4095)
        #expect(TextPattern.capped("kort") == "kort")
    }

    /// The compiled classifier and the naive loop agree on cells whose regular expressions hold `|`, `\/` and
    /// `[…]`, beside literal alternatives.
    @Test(arguments: Array(1...6))
    func compiledAgreesWithNaiveOnAlternatives(_ seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let alternatives = [
            "/^(ict|it) /", "/dat(or|a)/", "/a\\/b/", "/[/|]x/", "tele", "it", "/^it$/", "konsult", "/lic(ens|ense)s?/",
            "a/b",
        ]
        let words = ["ICT ", "IT ", "it", "dator", "data", "a/b", "/x", "|x", "tele", "konsult", "licenses", " "]
        var rows = Self.header
        for i in 0..<Int.random(in: 3...20, using: &rng) {
            let cell = (0..<Int.random(in: 1...3, using: &rng)).map { _ in alternatives.randomElement(using: &rng)! }
                .joined(separator: "|")
            rows += Bool.random(using: &rng) ? "K;S\(i);;;;\(cell);\n" : "K;S\(i);;\(cell);;;\n"
        }
        let table = try RuleTable.load(writeFile(rows))
        let c = Classifier(table)
        for _ in 0..<300 {
            func phrase() -> String {
                (0..<Int.random(in: 0...4, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined()
            }
            let s = RuleSubject(
                supplier: nil, name: phrase(), account: "74311", description: phrase(), accountText: phrase())
            #expect(c.classify(s).rule == naiveClassify(table, s), "\(s)")
        }
    }
}
