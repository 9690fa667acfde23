import Foundation
import GRDB
import Testing

@testable import SpendKit

private let proceedoHeader =
    "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus"

/// A Proceedo dump of `good` valid rows and `bad` rows with an unreadable amount.
private func dump(good: Int, bad: Int, in dir: String) -> String {
    var rows = [proceedoHeader]
    for i in 0..<good {
        rows.append("G\(i);V\(i);2022-03-01;Atea Sverige AB;556036-0793;1100;54610;Dator;\(i + 1),00;OK")
    }
    for i in 0..<bad {
        rows.append("B\(i);W\(i);2022-03-01;Atea Sverige AB;556036-0793;1100;54610;Dator;tio kronor;OK")
    }
    return writeFile(rows.joined(separator: "\n") + "\n", name: "dump.csv", in: dir)
}

/// Strict validation and the exit codes of the README's table (issue 20, cases 12 and 13).
@Suite("Validation and exit codes")
struct ValidationTests {
    // MARK: duplicate avtal_id

    @Test("a repeated avtal_id is an error at load naming both lines; exit 65, with and without SQLite output")
    func duplicateContractID() throws {
        let dir = tempDir()
        let avtal = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till
            K1;Datorer;556036-0793;Atea;IT;HW;2021-01-01;2023-12-31
            K2;Tele;556410-8917;Tele2;IT;Tele;2021-01-01;2023-12-31
            k1;Datorer igen;556036-0793;Atea;IT;HW;2021-01-01;2023-12-31

            """, name: "avtal.csv", in: dir)
        #expect(
            throws: AnalyzeError(
                path: avtal, line: 4,
                message: "avtal_id 'k1' is already on line 2: every contract needs an id of its own")
        ) {
            _ = try ContractRegister.load(avtal)
        }
        let d = dump(good: 3, bad: 0, in: dir)
        for formats in ["json", "json,sqlite"] {
            let r = try runSpend([
                "analyze", "--invoices", d, "--contracts", avtal, "--format", formats, "--out", dir + "/out",
            ])
            #expect(r.code == 65, "\(formats): \(r.err)")
            #expect(r.err.contains("\(avtal):4: avtal_id 'k1' is already on line 2"))
        }
    }

    @Test("a contract whose category or subcategory no rule gives is a warning naming it, the rules' spelling too")
    func contractNamingNoRuleCategory() throws {
        let dir = tempDir()
        let avtal = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till
            K1;Datorer;556036-0793;Atea;it;;2021-01-01;2023-12-31
            K2;Tele;556410-8917;Tele2;IT;Telefoni;2021-01-01;2023-12-31
            K3;Hårdvara;556036-0793;Atea;IT;HW;2021-01-01;2023-12-31
            K4;Bygg;556036-0793;Atea;Bygg;;2021-01-01;2023-12-31

            """, name: "avtal.csv", in: dir)
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;546*;;\nIT;Tele;;;743*;;\n",
            name: "regler.csv", in: dir)
        let r = try runSpend([
            "analyze", "--invoices", dump(good: 3, bad: 0, in: dir), "--rules", rules, "--contracts", avtal,
            "--category", "IT", "--format", "json", "--out", dir + "/out",
        ])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("contract K1: kategori 'it' is no category of the rules (the rules write 'IT'), so it applies to no line"), "\(r.err)")
        #expect(r.err.contains("contract K2: underkategori 'Telefoni' is no subcategory of 'IT' in the rules, so it applies to no line"))
        #expect(r.err.contains("contract K4: kategori 'Bygg' is no category of the rules, so it applies to no line"))
        #expect(!r.err.contains("contract K3"))
    }

    @Test("lines dated in the first and the last year a date may have go through every format (2199 crashed)")
    func edgeYears() throws {
        let dir = tempDir()
        let dump = writeFile(
            """
            Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus
            A1;V1;1900-01-01;Atea;556036-0793;1100;54610;x;10,00;OK
            A2;V2;2199-12-31;Atea;556036-0793;1100;54610;x;20,00;OK

            """, name: "dump.csv", in: dir)
        let avtal = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till
            K1;Datorer;556036-0793;Atea;IT;;2199-01-01;2199-12-31

            """, name: "avtal.csv", in: dir)
        let rules = writeFile("kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;*;;\n", name: "r.csv", in: dir)
        let r = try runSpend([
            "analyze", "--invoices", dump, "--rules", rules, "--contracts", avtal, "--category", "IT", "--out", dir + "/out",
            "--format", "json,csv,md,html,xlsx,sqlite",
        ])
        #expect(r.code == 0, "\(r.err)")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/2199/summary.json"))
        #expect(FileManager.default.fileExists(atPath: dir + "/out/1900/summary.json"))
    }

    // MARK: missing config

    @Test("a missing config file is exit 64 (bad configuration), for every command")
    func missingConfig() throws {
        let none = tempDir() + "/none.toml"
        for command in [["analyze"], ["run"], ["explain", "--supplier", "x"], ["rules", "check"]] {
            let r = try runSpend(command + ["--config", none])
            #expect(r.code == 64, "\(command): \(r.err)")
            #expect(r.err.contains("\(none): no such configuration file"))
        }
    }

    // MARK: max_rejects is "more than"

    @Test("--max-rejects 0.29 passes exactly 29 % rejected and fails 30 %; the config's max_rejects the same")
    func maxRejectsExactly() throws {
        for (bad, code) in [(29, Int32(0)), (30, Int32(65))] {
            let dir = tempDir()
            let d = dump(good: 100 - bad, bad: bad, in: dir)
            let r = try runSpend([
                "analyze", "--invoices", d, "--max-rejects", "0.29", "--format", "json", "--out", dir + "/out",
            ])
            #expect(r.code == code, "\(bad) of 100: \(r.err)")
            let config = writeFile(
                "[input]\ninvoices = [\"dump.csv\"]\nmax_rejects = 0.29\n[output]\ndir = \"out2\"\nformats = [\"json\"]\n",
                name: "spend.toml", in: dir)
            #expect(try runSpend(["run", "--config", config]).code == code)
        }
    }

    @Test(
        "the reject limit compares in integers at the decimal written",
        arguments: [
            (0.29, 29, 100, false), (0.29, 30, 100, true), (0.001, 1, 1000, false), (0.001, 2, 1000, true),
            (0.1, 1, 10, false), (0.3, 3, 10, false), (0.7, 7, 10, false), (1e-05, 1, 100_000, false),
            (1e-05, 2, 100_000, true),
            (0.0, 0, 10, false), (0.0, 1, 10, true), (1.0, 10, 10, false), (0.57, 57, 100, false),
            (0.57, 58, 100, true),
            (0.29, 2_900_000_000, 10_000_000_000, false), (0.29, 2_900_000_001, 10_000_000_000, true),
        ])
    func rejectLimit(_ limit: Double, _ rejected: Int, _ read: Int, _ fails: Bool) {
        var o = RunOptions()
        o.maxRejects = limit
        #expect(o.tooManyRejects(rejected: rejected, read: read) == fails)
    }

    // MARK: header-only rule table

    @Test("a rule table with a header only is exit 65 naming the file, in analyze and rules check")
    func headerOnlyRules() throws {
        let dir = tempDir()
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\n", name: "regler.csv",
            in: dir)
        #expect(
            throws: ClassifyError(
                path: rules, line: 1, field: "header", message: "no rules: the table has a header only")
        ) {
            _ = try RuleTable.load(rules)
        }
        let d = dump(good: 2, bad: 0, in: dir)
        for command in [["analyze", "--invoices", d, "--out", dir + "/out"], ["rules", "check"]] {
            let r = try runSpend(command + ["--rules", rules])
            #expect(r.code == 65, "\(command): \(r.err)")
            #expect(r.err.contains("\(rules):1:1: header: no rules"))
        }
    }

    // MARK: the same checks for flags and spend.toml

    @Test(
        "negative --invoice-handling-cost and --direct-award-threshold are exit 64, as in spend.toml",
        arguments: [
            ("--invoice-handling-cost", "-1", "invoice_handling_cost = -1"),
            ("--direct-award-threshold", "-700000", "direct_award_threshold = -700000"),
            ("--invoice-handling-cost", "100000000", "invoice_handling_cost = 100000000"),
            ("--year", "0", "years = [0]"),
            ("--max-rejects", "1.5", "max_rejects = 1.5"),
            ("--category", " ", "category = \" \""),
        ])
    func sameChecksForFlagAndConfig(_ flag: String, _ value: String, _ toml: String) throws {
        let dir = tempDir()
        let d = dump(good: 2, bad: 0, in: dir)
        let r = try runSpend(["analyze", "--invoices", d, "--out", dir + "/out", flag + "=" + value])
        #expect(r.code == 64, "\(flag) \(value): \(r.err)")
        let section = toml.hasPrefix("max_rejects") ? "input" : "analysis"
        let config = writeFile("[\(section)]\n\(toml)\n", name: "spend.toml", in: dir)
        let c = try runSpend(["analyze", "--config", config, "--invoices", d, "--out", dir + "/out"])
        #expect(c.code == 64, "\(toml): \(c.err)")
        #expect(c.err.contains("\(config):2: "))
        // the same message after the name of the setting
        let flagMessage = r.err.components(separatedBy: flag).last ?? "",
            configMessage = c.err.components(separatedBy: toml.components(separatedBy: " =")[0]).last ?? ""
        #expect(flagMessage == configMessage, "\(r.err) vs \(c.err)")
    }

    @Test("zero and positive flags pass; --chunk-size 0 is refused rather than silently raised")
    func goodFlags() throws {
        let dir = tempDir()
        let d = dump(good: 2, bad: 0, in: dir)
        let ok = try runSpend([
            "analyze", "--invoices", d, "--out", dir + "/out", "--invoice-handling-cost", "0",
            "--direct-award-threshold", "700000",
        ])
        #expect(ok.code == 0, "\(ok.err)")
        #expect(try runSpend(["analyze", "--invoices", d, "--out", dir + "/out", "--chunk-size", "0"]).code == 64)
    }

    // MARK: repeats

    @Test("years = [2022, 2022] reports 2022 once; 100 000 repeats are one year, at once")
    func repeatedYears() throws {
        let dir = tempDir()
        let d = dump(good: 3, bad: 0, in: dir)
        let many = Array(repeating: "2022", count: 100_000).joined(separator: ", ")
        for years in ["2022, 2022", "2022, 2021, 2022", many] {
            let config = writeFile(
                "[input]\ninvoices = [\"dump.csv\"]\n[analysis]\nyears = [\(years)]\n[output]\ndir = \"out\"\nformats = [\"json\"]\n",
                name: "spend.toml", in: dir)
            let o = try SpendConfig.load(config)
            #expect(o.settings.years == (years.contains("2021") ? [2021, 2022] : [2022]))
            let start = Date()
            let result = try Pipeline.run(o)
            #expect(result.reports.map(\.year) == [2022])  // 2021 has no line: no report (a warning says so)
            #expect(Date().timeIntervalSince(start) < 10)
        }
        let r = try runSpend([
            "analyze", "--invoices", d, "--out", dir + "/flags", "--year", "2022", "2022", "--format", "json",
        ])
        #expect(r.code == 0 && r.err.contains("2022: 6 kr;"), "\(r.err)")
    }

    @Test("a file named twice — two globs, ./a.csv and a.csv, a link — is read once, with a warning")
    func repeatedFiles() throws {
        let dir = tempDir()
        _ = dump(good: 3, bad: 0, in: dir)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: dir + "/dump.csv")
        let u = RunOptions.uniqueInputs([dir + "/*.csv", dir + "/d*.csv", dir + "/./dump.csv", dir + "/link.csv"])
        #expect(u.paths == [dir + "/dump.csv"])
        #expect(u.repeated == [dir + "/link.csv", dir + "/dump.csv", dir + "/./dump.csv", dir + "/link.csv"])
        for args in [["dump.csv", "./dump.csv"], ["*.csv", "d*.csv"], ["dump.csv", "link.csv"]] {
            let r = try runSpend(["analyze", "--invoices"] + args + ["--out", "out", "--format", "json"], cwd: dir)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(
                r.err.contains("3 rows read = 3 accepted + 0 rejected + 0 excluded + 0 duplicates"), "\(args): \(r.err)"
            )
            #expect(r.err.contains("repeated invoice file names dropped; each file is read once"), "\(args): \(r.err)")
        }
        // the same in the config's list
        let config = writeFile("[input]\ninvoices = [\"dump.csv\", \"*.csv\"]\n", name: "spend.toml", in: dir)
        let c = try runSpend(["analyze", "--config", config, "--out", dir + "/out", "--format", "json"])
        #expect(c.err.contains("3 rows read = 3 accepted") && c.err.contains("each file is read once"), "\(c.err)")
    }

    // MARK: confidential descriptions in SQLite

    @Test("a confidential row's description is nowhere in spend.sqlite's bytes")
    func confidentialNotInDatabase() throws {
        let dir = tempDir()
        let d = writeFile(
            """
            Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus;Sekretess
            1;V1;2022-01-05;Atea Sverige AB;556036-0793;1100;74311;Licenser till skolan;1 000,00;OK;N
            2;V2;2022-01-05;Skyddad AB;556410-8917;1100;74311;Skyddat boende Storgatan 7 för XQZ;200,00;OK;J

            """, name: "dump.csv", in: dir)
        let r = try runSpend(["analyze", "--invoices", d, "--out", dir + "/out", "--format", "sqlite,csv,json,md"])
        #expect(r.code == 0, "\(r.err)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/out/spend.sqlite"))
        #expect(bytes.range(of: Data("Licenser till skolan".utf8)) != nil)  // the search finds a description that may be stored
        for secret in ["Skyddat boende", "Storgatan 7", "XQZ"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret)")
        }
        let db = try DatabaseQueue(path: dir + "/out/spend.sqlite")
        let stored = try db.read { try String.fetchAll($0, sql: "SELECT description FROM lines ORDER BY line") }
        #expect(stored == ["Licenser till skolan", SQLiteOutput.confidential])
    }
}
