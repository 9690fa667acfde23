import Foundation
import Testing

@testable import SpendKit

/// Rule tables and `explain` on ledgers that are not Swedish (issue 16): account codes with letters, the ledger's own
/// supplier ids, a catch-all written on purpose; explain by any name a supplier appears under, and on rows that did
/// not count.
@Suite("Rules and explain on any ledger")
struct LedgerRulesTests {
    static let header = "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar;leverantor_id"

    @Test(
        "account codes with letters: exact, ranges of one length compared as text, prefixes",
        arguments: [
            ("D3511-D3514", "D3512", true), ("D3511-D3514", "D3515", false), ("D3511-D3514", "D351", false),
            ("D3511-D3514", "D35120", false),
            ("D352*", "D3529", true), ("D352*", "D3619", false), ("AB10-AB20", "AB1A", true),
            ("AB10-AB20", "AB21", false), ("AB10-AB20", "AB15", true),
            ("74310-74317", "74311", true), ("74310-74317", "7431A", false), ("0100-0199", "0150", true),
            ("V100", "V100", true),
            // A code with letters in a range of digits, as text (Calderdale's 785420C0 and 726225IA)
            ("70000000-79999999", "785420C0", true), ("70000000-79999999", "726225ia", true),
            ("70000000-79999999", "8A000000", false), ("0100-0199", "01A0", false), ("1000-1999", "+123", false),
            ("1000-1999", "1 23", false),
        ] as [(String, String, Bool)])
    func accountCodes(_ pattern: String, _ account: String, _ matches: Bool) throws {
        let p = try #require(AccountPattern.parse(pattern))
        #expect(p.matches(account) == matches, "\(pattern) ~ \(account)")
        #expect(p.description == pattern)
    }

    @Test(
        "letters in account codes match in either case, as ledgers book both (D3021 and d3021)",
        arguments: [
            ("D30*", "d3021", true), ("d30*", "D3021", true), ("d3021", "D3021", true), ("D3021", "d3021", true),
            ("D3511-D3514", "d3512", true), ("d3511-d3514", "D3515", false), ("D30*", "e3021", false),
            ("Å10", "å10", false),
        ] as [(String, String, Bool)])
    func accountCase(_ pattern: String, _ account: String, _ matches: Bool) throws {
        let p = try #require(AccountPattern.parse(pattern))
        #expect(p.matches(account) == matches, "\(pattern) ~ \(account)")
        #expect(p.description == pattern.uppercased() || pattern.contains("Å"))
    }

    /// The same through both paths: an exact account, looked up by the code, in either case (the reference path
    /// looked `d3021` up as written, under a rule keyed `D3021`).
    @Test(arguments: ["fast", "libcsv"])
    func accountCaseOnBothPaths(parser: String) throws {
        let dir = tempDir()
        let ledger = proceedoDump(
            [
                "1;V1;2022-04-22;Firma A;5564480282;1530;D3021;100,00;OK",
                "2;V2;2022-04-22;Firma A;5564480282;1530;d3021;200,00;OK",
            ], name: "l.csv", in: dir)
        for rule in ["D3021", "d30*", "D3000-D3999"] {
            let rules = writeFile(
                "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;Lic;;;\(rule);;\n",
                name: "r.csv", in: dir)
            let r = try runSpend([
                "analyze", "--invoices", ledger, "--rules", rules, "--category", "IT", "--out", dir + "/out",
                "--parser", parser, "--format", "json",
            ])
            #expect(r.code == 0, "\(r.err)")
            let json = try String(contentsOfFile: dir + "/out/2022/summary.json", encoding: .utf8)
            #expect(json.contains("\"total\": 300.00"), "\(rule), \(parser)")
        }
    }

    @Test(
        "patterns that cannot be read stay errors",
        arguments: ["D35-D3514", "D3514-D3511", "D35*1", "*", "-", "D3511-", "Ä1-Ä9"])
    func badAccountCodes(_ pattern: String) {
        #expect(AccountPattern.parse(pattern) == nil, "\(pattern)")
    }

    @Test("a range of codes covers the codes and ranges inside it, for rules check")
    func coverage() throws {
        let wide = try #require(AccountPattern.parse("D3500-D3599")),
            narrow = try #require(AccountPattern.parse("D3511-D3514"))
        #expect(wide.covers(narrow) && !narrow.covers(wide))
        #expect(wide.covers(try #require(AccountPattern.parse("D3512"))))
        #expect(try #require(AccountPattern.parse("D35*")).covers(narrow))
    }

    /// A rule table and a ledger with the ledger's own ids and letter accounts.
    static func fixture() -> (dir: String, rules: String, ledger: String, profile: String) {
        let dir = tempDir()
        let rules = writeFile(
            [
                header,
                "IT;Licenser;;;;;;20014760",
                "IT;Konsulter;;;D352*;;;",
                "IT;Hårdvara;;;D3511-D3514;;;",
                "Övrigt;Resten;;;*;;allt annat;",
                "IT;Aldrig;;Acme;;;skuggad;",
            ].joined(separator: "\n") + "\n", name: "regler.csv", in: dir)
        let ledger = writeFile(
            [
                "Date,Supplier,Supplier ID,Account,Net",
                "2023-04-01,Acme Ltd,20014760,D3511,100.00",
                "2023-04-02,Beta Services,20000001,D3521,200.00",
                "2023-04-03,Gamma AB,20000002,D3512,300.00",
                "2023-04-04,Delta,20000003,E100,400.00",
                "2023-04-05,Beta Services,,D3599,50.00",
                "2023-04-06,Epsilon,20000004,D3512,nope",
            ].joined(separator: "\n") + "\n", name: "ledger.csv", in: dir)
        let profile = writeFile(
            "[fields]\nbooking_date = \"Date\"\nsupplier_name = \"Supplier\"\nsupplier_id = \"Supplier ID\"\naccount = \"Account\"\namount = \"Net\"\n[format]\ncurrency = \"GBP\"\ndecimal = \".\"\n",
            name: "p.toml", in: dir)
        return (dir, rules, ledger, profile)
    }

    @Test("the ledger's own ids in leverantor_id, letter accounts and a catch-all class every line, in both paths")
    func classifies() throws {
        let f = Self.fixture()
        var o = RunOptions()
        o.invoices = [f.ledger]; o.profile = f.profile; o.rules = f.rules; o.settings.category = "IT"
        let reference = try outputs(o, fast: false)
        #expect(try outputs(o, fast: true, threads: 2) == reference)
        let table = try RuleTable.load(f.rules)
        #expect(table.rules.count == 5)
        #expect(table.rules[0].orgs == [.other("20014760")])
        #expect(table.rules[3].catchAll && !table.rules[3].hasCondition)
        let c = Classifier(table)
        let (lines, _) = try ingest([f.ledger], profile: try Profile.named(f.profile))
        #expect(
            lines.map { c.classify(RuleSubject($0)).subcategory } == [
                "Licenser", "Konsulter", "Hårdvara", "Resten", "Resten",
            ])
    }

    @Test("rules check names the catch-all and every rule it shadows, as warnings")
    func rulesCheckOnCatchAll() throws {
        let f = Self.fixture()
        let r = try runSpend(["rules", "check", "--rules", f.rules, "--invoices", f.ledger, "--profile", f.profile])
        #expect(r.code == 0, "\(r.err)")
        #expect(
            r.out.contains(
                "regler.csv:5: warning: catch-all rule: every line no earlier rule matched goes to Övrigt/Resten; it shadows the 1 rule after it (line 6)"
            ), "\(r.out)")
        #expect(
            r.out.contains(
                "regler.csv:6: warning: can never fire: the catch-all rule on line 5 takes every line first"),
            "\(r.out)")
        // Without the *, the same row is still an empty rule: an error with its line.
        let bad = writeFile(Self.header + "\nÖvrigt;Resten;;;;;;\n", name: "bad.csv", in: f.dir)
        let e = try runSpend(["rules", "check", "--rules", bad])
        #expect(e.code == 65 && e.err.contains("bad.csv:2:1: row: empty rule"), "\(e.err)")
    }

    @Test("explain --supplier finds a supplier by any name it appears under, and by id; in the ledger's currency")
    func explainByName() throws {
        let f = Self.fixture()
        let args = [
            "explain", "--rules", f.rules, "--invoices", f.ledger, "--profile", f.profile, "--max-rejects", "0.5",
        ]
        let byName = try runSpend(args + ["--supplier", "acme ltd"])
        #expect(byName.code == 0, "\(byName.err)")
        #expect(byName.out.hasPrefix("supplier 20014760 Acme Ltd: 1 line, 100 GBP"), "\(byName.out)")
        #expect(try runSpend(args + ["--supplier", "20014760"]).out == byName.out)
        // Beta Services appears with an id and without one: two suppliers, both explained.
        let beta = try runSpend(args + ["--supplier", "BETA SERVICES"])
        #expect(
            beta.code == 0 && beta.out.contains("supplier 20000001 Beta Services")
                && beta.out.contains("supplier BETA SERVICES Beta Services"), "\(beta.out)")
    }

    @Test("explain --supplier on a name not in the data exits 65 with the closest names")
    func explainNotFound() throws {
        let f = Self.fixture()
        let r = try runSpend([
            "explain", "--rules", f.rules, "--invoices", f.ledger, "--profile", f.profile, "--supplier",
            "Betta Service",
        ])
        #expect(r.code == 65)
        #expect(
            r.err.contains("no lines of supplier Betta Service in the invoices; the closest names: Beta Services"),
            "\(r.err)")
    }

    @Test("explain --row on a rejected, excluded or skipped row prints why; on no row it exits 65")
    func explainRowsThatDidNotCount() throws {
        let f = Self.fixture()
        let withPreamble = writeFile(
            "Spend over £500\n\n" + (try String(contentsOfFile: f.ledger, encoding: .utf8))
                + "2023-04-07,HMRC,20000009,VAT1,10.00\n", name: "pre.csv", in: f.dir)
        try
            (try String(contentsOfFile: f.profile, encoding: .utf8)
            + "[[exclude]]\naccounts = [\"VAT*\"]\nreason = \"VAT\"\n").write(
                toFile: f.profile, atomically: true, encoding: .utf8)
        let args = ["explain", "--rules", f.rules, "--invoices", withPreamble, "--profile", f.profile, "--row"]
        let rejected = try runSpend(args + [withPreamble + ":9"])
        #expect(
            rejected.code == 0
                && rejected.out == withPreamble + ":9: not counted: rejected: amount does not parse: 'nope'\n",
            "\(rejected.out)\(rejected.err)")
        let excluded = try runSpend(args + [withPreamble + ":10"])
        #expect(
            excluded.code == 0 && excluded.out == withPreamble + ":10: not counted: excluded: VAT\n",
            "\(excluded.out)\(excluded.err)")
        let skipped = try runSpend(args + [withPreamble + ":1"])
        #expect(
            skipped.code == 0 && skipped.out.contains("above the header (line 3), skipped"),
            "\(skipped.out)\(skipped.err)")
        let accepted = try runSpend(args + [withPreamble + ":4"])
        #expect(
            accepted.code == 0 && accepted.out.contains("Acme Ltd, konto D3511") && accepted.out.contains("100 GBP")
                && accepted.out.contains("MATCH"), "\(accepted.out)")
        let none = try runSpend(args + [withPreamble + ":40"])
        #expect(none.code == 64 && none.err.contains(":40: no row starts on that line"), "\(none.err)")
    }
}
