import Foundation
import Testing

/// Golden files: `Snapshots/NAME` holds the expected output; `SPEND_RECORD=1 swift test` writes them anew.
func assertSnapshot(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = repoRoot + "/Tests/SpendKitTests/Snapshots/" + name
    if ProcessInfo.processInfo.environment["SPEND_RECORD"] != nil {
        // Recording is never a pass: the new golden file must be looked at and the tests run again without it.
        let old = try? String(contentsOfFile: path, encoding: .utf8)
        try actual.write(toFile: path, atomically: true, encoding: .utf8)
        Issue.record(
            "\(old == actual ? "re-recorded (unchanged)" : "recorded") \(name); run again without SPEND_RECORD",
            sourceLocation: sourceLocation)
        return
    }
    let expected = try #require(
        try? String(contentsOfFile: path, encoding: .utf8), "no snapshot \(name): record with SPEND_RECORD=1",
        sourceLocation: sourceLocation)
    #expect(actual == expected, sourceLocation: sourceLocation)
}

/// The real binary on the committed `Fixtures/`, as xsv's tests do.
@Suite struct CommandLineTests {
    let fixtures = repoRoot + "/Fixtures/explain"

    @Test func explainSupplier() throws {
        let r = try runSpend(
            ["explain", "--rules", "regler.csv", "--invoices", "fakturor.csv", "--supplier", "556036-0793"],
            cwd: fixtures)
        #expect(r.code == 0)
        try assertSnapshot(r.out, "explain-supplier.txt")
    }

    @Test func explainWithConfigIsTheSame() throws {
        let r = try runSpend(["explain", "--config", fixtures + "/spend.toml", "--supplier", "556036-0793"])
        #expect(r.code == 0, "\(r.err)")
        try assertSnapshot(r.out, "explain-supplier.txt")
        #expect(try runSpend(["explain", "--config", fixtures + "/none.toml", "--supplier", "x"]).code == 64)
    }

    @Test func explainRow() throws {
        let r = try runSpend(["explain", "--rules", "regler.csv", "--row", "fakturor.csv:6"], cwd: fixtures)
        #expect(r.code == 0)
        try assertSnapshot(r.out, "explain-row.txt")
    }

    @Test func rulesCheckFindsShadowedAndNeverMatching() throws {
        let r = try runSpend(["rules", "check", "--rules", "regler.csv", "--invoices", "fakturor.csv"], cwd: fixtures)
        #expect(r.code == 0)  // warnings only
        #expect(
            r.out.contains("regler.csv:4: warning: can never fire: the rule on line 3 matches everything it matches"))
        #expect(r.out.contains("regler.csv:7: warning: never matched a line of the data"))
        try assertSnapshot(r.out, "rules-check.txt")
    }

    @Test func rulesCheckFailsOnConflict() throws {
        let path = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;A;;;74311;;\nIT;B;;;74311;;\n"
        )
        let r = try runSpend(["rules", "check", "--rules", path])
        #expect(r.code == 65)
        #expect(r.out.contains(":3: error: same conditions as line 2"))
    }

    @Test func exitCodes() throws {
        let dir = tempDir()
        #expect(try runSpend(["analyze", "--invoices", dir + "/missing.csv", "--out", dir]).code == 66)
        let r = try runSpend(["analyze", "--invoices", writeFile("x\n1\n"), "--out", dir])
        #expect(r.code == 65)
        #expect(r.err.hasPrefix("spend: error: "))
        #expect(try runSpend(["analyze", "--bogus"]).code == 64)
        #expect(
            try runSpend(["analyze", "--invoices", fixtures + "/fakturor.csv", "--out", "/proc/forbidden"]).code == 73)
        let file = writeFile("x\n")
        let f = try runSpend(["fixtures", "--out", file])
        #expect(f.code == 73 && f.err == "spend: error: \(file)/ledger: cannot write: Not a directory\n", "\(f.err)")
        let a = try runSpend(["analyze", "--invoices", fixtures + "/fakturor.csv", "--out", file])
        #expect(a.code == 73 && a.err.hasSuffix("\(file): cannot write: a file, not a folder: the output folder (--out) must be a folder\n"), "\(a.err)")
    }

    /// Three usage errors a new user made, each exit 64 naming what is wrong: a folder as `--config`, `--quiet` with
    /// `--verbose`, and a profile name that is none (the message lists `auto` with the built-in ones).
    @Test func usageMistakes() throws {
        let dir = tempDir()
        let c = try runSpend(["analyze", "--config", dir])
        #expect(c.code == 64 && c.err == "spend: error: \(dir): is a directory\n", "\(c.err)")
        let args = ["analyze", "--invoices", fixtures + "/fakturor.csv", "--out", dir + "/out"]
        for command in [args, ["merge", "--out", dir + "/merged", "nothing.part"]] {
            let q = try runSpend(command + ["--quiet", "--verbose"])
            #expect(q.code == 64 && q.err.contains("--quiet and --verbose cannot be used together"), "\(q.err)")
        }
        let p = try runSpend(args + ["--profile", "procedo"])
        #expect(
            p.code == 64
                && p.err == "spend: error: procedo: unknown profile (use auto, proceedo, proaact, leverantorsreskontra "
                    + "or a .toml file)\n",
            "\(p.err)")
        #expect(try runSpend(args + ["--profile", "auto", "--quiet"]).code == 0)
    }

    /// A category no rule names can only give 0 kr: a misspelling stops the run, naming the table's categories,
    /// and no report is written; the right spelling and `Oklassificerat` run.
    @Test func categoryNoRuleNames() throws {
        let dir = tempDir()
        func analyze(_ category: String) throws -> (code: Int32, out: String, err: String) {
            try runSpend(
                [
                    "analyze", "--invoices", "fakturor.csv", "--rules", "regler.csv", "--category", category, "--out",
                    dir + "/out-\(category.count)",
                ], cwd: fixtures)
        }
        let r = try analyze("IT och telkom")
        #expect(r.code == 64)
        #expect(
            r.err.contains(
                "regler.csv: no rule puts a line in the category 'IT och telkom' (its categories: 'IT och telekom')"),
            "\(r.err)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/out-13")) ?? []
        #expect(left.allSatisfy { $0.hasPrefix(".") }, "\(left)")
        #expect(try analyze("IT och telekom").code == 0)
        #expect(try analyze("Oklassificerat").code == 0)
        // set in the config, the error names the config's line
        let config = writeFile(
            "[input]\ninvoices = [\"\(fixtures)/fakturor.csv\"]\n[reference]\nrules = \"\(fixtures)/regler.csv\"\n"
                + "[analysis]\ncategory = \"IT och telkom\"\n", name: "spend.toml", in: dir)
        let c = try runSpend(["analyze", "--config", config, "--out", dir + "/out-config"])
        #expect(c.code == 64 && c.err.contains("spend.toml:6: category 'IT och telkom': no rule of "), "\(c.err)")
    }

    /// A CANCELED row is excluded without being listed in `excluded.csv`: `explain --row` still says so, where it
    /// once answered that no row started on that line (now a usage error, exit 64, for a line that starts none).
    @Test func explainCanceledRow() throws {
        let ledger = writeFile(
            "Fakturanummer;Bokföringsdatum;Leverantör;Organisationsnummer;Konto;Nettobelopp på konteringsrad;"
                + "Huvudstatus\n" + "A1;2022-03-01;Atea Sverige AB;556036-0793;54610;100,00;OK\n"
                + "A2;2022-03-02;Atea Sverige AB;556036-0793;54610;200,00;CANCELED\n")
        let args = [
            "explain", "--invoices", ledger, "--profile", "proceedo", "--rules", fixtures + "/regler.csv", "--row",
        ]
        let r = try runSpend(args + [ledger + ":3"])
        #expect(r.code == 0 && r.out == ledger + ":3: not counted: excluded: status CANCELED\n", "\(r.out)\(r.err)")
        #expect(try runSpend(args + [ledger + ":4"]).code == 64)  // past the end: the argument names no row
    }

    @Test func tooManyRejectsFailsAndPublishesNothing() throws {
        let dir = tempDir()
        _ = writeFile("leverantor;datum;belopp\nA;2022-01-01;1\nB;2022-01-01;x\n", in: dir)
        let bad = "in.csv"
        let r = try runSpend(["analyze", "--invoices", bad, "--out", dir + "/out"], cwd: dir)
        #expect(r.code == 65)
        // the reports folder holds its lock file and the failed run's rejects: no report, no staging left behind
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/out").sorted() == [".spend.lock", "failed"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out/failed") == ["rejects.csv"])
        #expect(
            try runSpend(["analyze", "--invoices", bad, "--out", dir + "/out", "--max-rejects", "0.5"], cwd: dir).code
                == 0)
        let rejects = try #require(FileManager.default.contents(atPath: dir + "/out/2022/rejects.csv"))
        #expect(
            String(decoding: rejects, as: UTF8.self)
                == "\u{FEFF}fil;rad;orsak\r\nin.csv;3;amount does not parse: 'x'\r\n")
    }

    /// Without a contract register or an organisation map the reports cannot tell loyalty or boards: the run says
    /// which table is missing rather than presenting 0 % on contract and an unknown board as facts.
    @Test func missingTablesAreNamed() throws {
        let dir = tempDir(), a = repoRoot + "/Fixtures/analysis"
        let r = try runSpend([
            "analyze", "--invoices", a + "/dump1.csv", "--rules", a + "/regler.csv", "--category", "IT", "--out",
            dir + "/out", "--format", "json", "--year", "2022", "--year", "2019",
        ])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("warning: no accepted line is dated 2019, a year asked for: no report is written"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/2019"))
        #expect(r.err.contains("warning: no contract register (--contracts)"), "\(r.err)")
        #expect(r.err.contains("warning: no organisation map (--org): 5 cost centres went to Okänd nämnd"), "\(r.err)")
    }

    /// `12.500` with a built-in profile is a reject (12 500 or 12,50?) until `--decimal` or `[input] decimal` says
    /// which sign is the decimal one, for every profile of the run, on both parsers.
    @Test(arguments: ["fast", "libcsv"])
    func decimalForEveryProfile(parser: String) throws {
        let dir = tempDir()
        let dump = proceedoDump(
            [
                "1;V1;2022-03-01;Atea;556036-0793;1100;54610;12.500;OK",
                "2;V2;2022-03-01;Atea;556036-0793;1100;54610;1.234,50;OK",
            ], in: dir)
        func total(_ extra: [String]) throws -> (Int32, String) {
            let r = try runSpend(
                ["analyze", "--invoices", dump, "--out", dir + "/out", "--format", "json", "--max-rejects", "1",
                 "--parser", parser] + extra)
            let json = (try? String(contentsOfFile: dir + "/out/2022/summary.json", encoding: .utf8)) ?? ""
            return (r.code, json.split(separator: "\n").first { $0.contains("\"total\"") }.map(String.init) ?? r.err)
        }
        #expect(try total([]) == (0, "  \"total\": 1234.50,"))
        #expect(try total(["--decimal", ","]) == (0, "  \"total\": 13734.50,"))
        #expect(try total(["--decimal", "."]) == (0, "  \"total\": 1247.00,"))
        let config = writeFile("[input]\ndecimal = \",\"\n", name: "spend.toml", in: dir)
        #expect(try total(["--config", config]) == (0, "  \"total\": 13734.50,"))
        let bad = try runSpend(["analyze", "--invoices", dump, "--decimal", ";", "--out", dir + "/bad"])
        #expect(bad.code == 64 && bad.err.contains("--decimal: decimal must be"), "\(bad.err)")
    }

    /// `explain --row` takes the `file:line` that rejects.csv prints: a path relative to the config file.
    @Test func explainRowRelativeToTheConfig() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/cfg", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        _ = writeFile(
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus\nA1;V1;2024-03-01;Atea;556036-0793;1100;54610;x;OK\n",
            name: "d.csv", in: dir + "/data")
        _ = writeFile("kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;*;;\n", name: "r.csv", in: dir + "/cfg")
        let config = writeFile(
            "[input]\ninvoices = [\"../data/d.csv\"]\n[reference]\nrules = \"r.csv\"\n", name: "spend.toml", in: dir + "/cfg")
        let e = try runSpend(["explain", "--config", config, "--row", "../data/d.csv:2"], cwd: dir)
        #expect(e.code == 0 && e.out.contains("not counted: rejected: amount does not parse: 'x'"), "\(e.out) \(e.err)")
        // a repeat names the file it repeats as duplicates.csv does: relative to the config
        _ = writeFile(
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus\nA1;V1;2024-03-01;Atea;556036-0793;1100;54610;5,00;OK\n",
            name: "e.csv", in: dir + "/data")
        let twice = writeFile(
            "[input]\ninvoices = [\"../data/e.csv\", \"../data/e2.csv\"]\n[reference]\nrules = \"r.csv\"\n", name: "twice.toml",
            in: dir + "/cfg")
        try FileManager.default.copyItem(atPath: dir + "/data/e.csv", toPath: dir + "/data/e2.csv")
        let d = try runSpend(["explain", "--config", twice, "--row", "../data/e2.csv:2"], cwd: dir)
        #expect(d.out.contains("duplicate: repeats ../data/e.csv:2"), "\(d.out) \(d.err)")
    }

    /// A lead time for a subcategory no contract has (a case slip) says so, rather than silently leaving the default.
    @Test func leadTimeForNoContract() throws {
        let dir = tempDir(), a = repoRoot + "/Fixtures/analysis"
        let config = writeFile(
            "[input]\ninvoices = [\"\(a)/dump1.csv\"]\n[reference]\nrules = \"\(a)/regler.csv\"\ncontracts = \"\(a)/avtal.csv\"\n[analysis]\ncategory = \"IT\"\nlead_time_months = { \"lic\" = 12, \"Lic\" = 6 }\n",
            name: "spend.toml", in: dir)
        let r = try runSpend(["analyze", "--config", config, "--out", dir + "/out", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("warning: lead_time_months: 'lic' is no contract's underkategori (the register writes 'Lic')"), "\(r.err)")
        #expect(!r.err.contains("'Lic' is no"), "\(r.err)")
        // without lead_time_months the built-in lead times say nothing of a register that lacks their subcategories
        let quiet = writeFile(
            "[input]\ninvoices = [\"\(a)/dump1.csv\"]\n[reference]\nrules = \"\(a)/regler.csv\"\ncontracts = \"\(a)/avtal.csv\"\n[analysis]\ncategory = \"IT\"\n",
            name: "quiet.toml", in: dir)
        let q = try runSpend(["analyze", "--config", quiet, "--out", dir + "/out2", "--format", "json"])
        #expect(q.code == 0 && !q.err.contains("lead_time_months"), "\(q.err)")
    }
}
