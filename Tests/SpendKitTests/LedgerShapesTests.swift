import Foundation
import Testing

@testable import SpendKit

/// The shapes public spend files really come in (issue 16), each on a fixture of its own, through the binary or the
/// pipeline, and through both parsers where the rows are read: a preamble above the header, a header further down,
/// headers that change between files, pounds with signs and parentheses, lines that are not purchases, ids that are
/// not identities.
@Suite("Real ledger shapes through a profile")
struct LedgerShapesTests {
    /// A GBP profile of a council's "payments over £500" file.
    static let councilProfile = """
        [fields]
        booking_date = ["paid_date", "Payment Date"]
        supplier_name = "Supplier Name"
        supplier_id = "Supplier ID"
        account = "Expense Code"
        account_text = "Expense Type"
        amount = ["Net Amount(£)", "amount paid"]
        invoice_number = "Transaction Number"
        [format]
        currency = "GBP"
        decimal = "."
        date_format = "DD-MON-YYYY"

        """

    static let councilHeader =
        "Payment Date,Supplier Name,Supplier ID,Expense Type,Expense Code,Net Amount(£),Transaction Number"

    /// Writes `files` and a profile into a fresh folder; returns the folder.
    static func folder(_ files: [String: String]) -> String {
        let dir = tempDir()
        for (name, text) in files { _ = writeFile(text, name: name, in: dir) }
        return dir
    }

    /// The run's options on `files` of `dir` with the profile file `p.toml`.
    static func options(_ dir: String, _ files: [String], profile: String = "p.toml") -> RunOptions {
        var o = RunOptions()
        o.invoices = files.map { dir + "/" + $0 }
        o.profile = dir + "/" + profile
        o.outDir = dir + "/out"
        o.formats = ["json", "csv", "md"]
        return o
    }

    /// Both paths give the same reports and books on these options (one profile file).
    static func bothPathsAgree(_ o: RunOptions, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reference = try outputs(o, fast: false)
        #expect(try outputs(o, fast: true, threads: 2) == reference, sourceLocation: sourceLocation)
        #expect(try outputs(o, fast: true, threads: 1, subjectLimit: 3) == reference, sourceLocation: sourceLocation)
    }

    @Test("a report preamble above the header is skipped and counted; every row below it is read")
    func preamble() throws {
        let text =
            [
                "London Borough of Example", "Payments to suppliers over £500, April 2023", "",
                "Published under the OGL;v3", "",
                Self.councilHeader,
                "01-APR-2023,Acme Ltd,S1,Supplies,D3511,\"£1,234.56\",T1",
                "02-APR-2023,Beta Ltd,S2,Consultancy,D3520,£500.00,T2",
                "03-Apr-2023,Beta Ltd,S2,Consultancy,D3520,(£100.00),T3",
            ].joined(separator: "\r\n") + "\r\n"
        let dir = Self.folder(["q1.csv": text, "p.toml": Self.councilProfile])
        let o = Self.options(dir, ["q1.csv"])
        try Self.bothPathsAgree(o)
        let result = try Pipeline.run(o)
        #expect(result.counts == RowCounts(read: 3, accepted: 3, skipped: 5))
        #expect(
            result.summaryLine.contains(
                "3 rows read = 3 accepted + 0 rejected + 0 excluded + 0 duplicates (5 lines above headers skipped)"))
        #expect(result.reports.map(\.total) == [163_456])
        // The binary says so on its run line.
        let r = try runSpend([
            "analyze", "--invoices", dir + "/q1.csv", "--profile", dir + "/p.toml", "--out", dir + "/out2", "--format",
            "json",
        ])
        #expect(r.code == 0 && r.err.contains("(5 lines above headers skipped)"), "\(r.err)")
    }

    @Test("header_row names the header's line; a wrong one names the line and the columns it lacks")
    func headerRow() throws {
        // Line 2 looks like a header too (a column list in the title), line 3 is the real one.
        let text =
            "Spend report\nPayment Date,Supplier Name,Net Amount(£)\n" + Self.councilHeader
            + "\n01-APR-2023,Acme Ltd,S1,Supplies,D3511,12.00,T1\n"
        let dir = Self.folder([
            "a.csv": text, "p.toml": Self.councilProfile + "header_row = 3\n",
            "wrong.toml": Self.councilProfile + "header_row = 1\n", "four.toml": Self.councilProfile + "header_row = 4\n",
        ])
        let result = try Pipeline.run(Self.options(dir, ["a.csv"]))
        #expect(result.counts == RowCounts(read: 1, accepted: 1, skipped: 2))
        #expect(throws: IngestError.self) { _ = try Pipeline.run(Self.options(dir, ["a.csv"], profile: "wrong.toml")) }
        do { _ = try Pipeline.run(Self.options(dir, ["a.csv"], profile: "wrong.toml")) } catch let e as IngestError {
            #expect(
                e.description.hasPrefix(
                    dir + "/a.csv:1: required columns 'Net Amount(£)', 'Supplier Name', 'paid_date' of profile"), "\(e)"
            )
            #expect(e.exitCode == 65)
        }
        let four = try #require(throws: IngestError.self) {
            try Pipeline.run(Self.options(dir, ["a.csv"], profile: "four.toml"))
        }
        // header_row was given: no advice to set it
        #expect(
            four.description.contains("a.csv:4: required column") && !four.description.contains("set header_row"),
            "\(four)")
    }

    @Test("files without a usable header are all named at once, each with its closest line and what it lacks")
    func everyBadFileAtOnce() throws {
        let good = Self.councilHeader + "\n01-APR-2023,Acme Ltd,S1,Supplies,D3511,12.00,T1\n"
        let noAmount = "Title\nPayment Date,Supplier Name,Supplier ID\n01-APR-2023,Acme Ltd,S1\n"
        let noSupplier = "Payment Date,Payee,Amount Paid\n01-APR-2023,Acme Ltd,12.00\n"
        let dir = Self.folder(["1.csv": good, "2.csv": noAmount, "3.csv": noSupplier, "p.toml": Self.councilProfile])
        let r = try runSpend(
            ["analyze", "--invoices", "1.csv", "2.csv", "3.csv", "--profile", "p.toml", "--out", "out"], cwd: dir)
        #expect(r.code == 65)
        #expect(r.err.contains("2 files have no usable header:"), "\(r.err)")
        #expect(
            r.err.contains(
                "2.csv:2: required column 'Net Amount(£)' of profile 'p.toml' is missing from the header (no line of the first 3 holds them all; line 2 comes closest"
            ), "\(r.err)")
        #expect(r.err.contains("3.csv:1: required columns 'Supplier Name' of profile") == false)
        #expect(
            r.err.contains("3.csv:1: required column 'Supplier Name' of profile 'p.toml' is missing from the header"),
            "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/2023"))
    }

    /// `spend analyze` of `files` in `dir` with its `p.toml`, through `parser`.
    static func analyze(_ files: [String], in dir: String, parser: CSVParserKind, out: String = "out") throws -> (
        code: Int32, out: String, err: String
    ) {
        try runSpend(["analyze", "--invoices"] + files + ["--profile", "p.toml", "--out", out, "--parser", parser.rawValue], cwd: dir)
    }

    @Test("a column the profile reads that stands twice in the header stops the run (gross and net both 'Amount')", arguments: CSVParserKind.allCases)
    func columnTwiceInTheHeader(parser: CSVParserKind) throws {
        let dir = Self.folder([
            "t.csv": "Datum;Namn;Amount;Moms;Amount\n2023-01-02;Acme;120,00;20,00;100,00\n",
            "p.toml": "[fields]\nbooking_date = \"Datum\"\nsupplier_name = \"Namn\"\namount = \"Amount\"\n",
            "ok.csv": "Datum;Namn;Amount;Moms;Moms\n2023-01-02;Acme;120,00;20,00;20,00\n",
        ])
        let r = try Self.analyze(["t.csv"], in: dir, parser: parser)
        #expect(r.code == 65)
        #expect(r.err.contains("t.csv:1: column 'Amount' stands twice in the header (columns 3 and 5), and profile 'p.toml' cannot tell which one it reads"), "\(r.err)")
        // A column the profile does not read may stand twice.
        let ok = try Self.analyze(["ok.csv"], in: dir, parser: parser, out: "out2")
        #expect(ok.code == 0, "\(ok.err)")
    }

    @Test("a profile in pounds without decimal reads a decimal point: £5,000 is five thousand, not five")
    func decimalByCurrency() throws {
        let dir = Self.folder([
            "t.csv": "Date,Name,Amount\n2023-01-02,Acme,\"£5,000\"\n2023-01-03,Bolt,\"£1,234.50\"\n",
            "p.toml": "[fields]\nbooking_date = \"Date\"\nsupplier_name = \"Name\"\namount = \"Amount\"\n[format]\ncurrency = \"GBP\"\n",
        ])
        let (lines, _) = try ingest([dir + "/t.csv"], profile: try Profile.named(dir + "/p.toml"))
        #expect(lines.map(\.amount) == [500_000, 123_450])
        #expect(try Profile.named(dir + "/p.toml").decimal == UInt8(ascii: "."))
        #expect(Profile.proceedo.decimal == UInt8(ascii: ","))
    }

    @Test("a column the profile names that no file's header has is a warning; one some files have is not", arguments: CSVParserKind.allCases)
    func profileColumnNoFileHas(parser: CSVParserKind) throws {
        let dir = Self.folder([
            "a.csv": "Datum;Namn;Belopp;Kst\n2023-01-02;Acme;12,00;1100\n",
            "b.csv": "Datum;Namn;Belopp\n2023-01-03;Acme;13,00\n",
            "p.toml": "[fields]\nbooking_date = \"Datum\"\nsupplier_name = \"Namn\"\namount = \"Belopp\"\ncost_centre = \"Kst\"\naccount = \"Acount Code\"\n",
        ])
        let r = try Self.analyze(["a.csv", "b.csv"], in: dir, parser: parser)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("warning: profile 'p.toml' names the column of account 'acount code', which no file's header has: that field is not read"), "\(r.err)")
        #expect(!r.err.contains("cost_centre"), "\(r.err)")
    }

    @Test("files without invoice number or voucher: one warning that invoice counts are line counts, naming the first file", arguments: CSVParserKind.allCases)
    func unnumberedFilesWarn(parser: CSVParserKind) throws {
        let dir = Self.folder([
            "a.csv": "Datum;Namn;Belopp\n2023-01-02;Acme;12,00\n2023-01-02;Acme;13,00\n",
            "b.csv": "Datum;Namn;Belopp\n2023-01-03;Acme;14,00\n",
            "c.csv": "Datum;Namn;Belopp;Ver\n2023-01-04;Acme;15,00;V1\n",
            "p.toml": "[fields]\nbooking_date = \"Datum\"\nsupplier_name = \"Namn\"\namount = \"Belopp\"\nvoucher = \"Ver\"\n",
        ])
        let r = try Self.analyze(["a.csv", "b.csv", "c.csv"], in: dir, parser: parser)
        #expect(r.code == 0, "\(r.err)")
        let warning = "a.csv and 1 other file: no column of invoice number or voucher, so each line counts as an invoice of its own"
        #expect(r.err.components(separatedBy: warning).count == 2, "\(r.err)")
        #expect(!r.err.contains("c.csv:") && !r.err.contains("c.csv and"), "\(r.err)")
        // With a voucher column throughout, no such warning.
        let numbered = try Self.analyze(["c.csv"], in: dir, parser: parser, out: "out2")
        #expect(numbered.code == 0 && !numbered.err.contains("invoice of its own"), "\(numbered.err)")
    }

    @Test("an id whose lines carry twenty names or more is named in a warning with its count and shown name; a few variants are not", arguments: CSVParserKind.allCases)
    func idWithManyNames(parser: CSVParserKind) throws {
        let payees = (1...25).map { "2023-01-\(String(format: "%02d", $0 % 28 + 1));Payee \($0) Ltd;5560360793;\($0),00" }
        let variants = ["2023-02-01;Atea Sverige AB;5564480282;10,00", "2023-02-02;ATEA SVERIGE AB;5564480282;11,00"]
        let dir = Self.folder([
            "a.csv": (["Datum;Namn;Orgnr;Belopp"] + payees + variants).joined(separator: "\n") + "\n",
            "p.toml": "[fields]\nbooking_date = \"Datum\"\nsupplier_name = \"Namn\"\nsupplier_id = \"Orgnr\"\namount = \"Belopp\"\n",
        ])
        let r = try Self.analyze(["a.csv"], in: dir, parser: parser)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("2023: supplier id 556036-0793 (25 names, shown as 'Payee 1 Ltd') counts as one supplier though its lines carry that many names"), "\(r.err)")
        #expect(!r.err.contains("556448-0282"), "\(r.err)")
    }

    @Test("a rule whose category is spelled as the unclassified one: its spend by account is the same on both paths")
    func ruleNamedUnclassified() throws {
        let dir = Self.folder([
            "a.csv": "Datum;Namn;Belopp;Fnr;Konto\n2023-01-02;Acme;12,00;F1;74311\n2023-01-03;Acme;13,00;F2;6810\n2023-01-04;Bolt;-13,00;F3;6810\n2024-01-04;Bolt;5,00;F4;6810\n",
            "p.toml": "[fields]\nbooking_date = \"Datum\"\nsupplier_name = \"Namn\"\namount = \"Belopp\"\ninvoice_number = \"Fnr\"\naccount = \"Konto\"\n",
            "regler.csv": "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\n\(RuleTable.unclassified);Övrigt;;Acme;;;\n",
        ])
        var o = Self.options(dir, ["a.csv"])
        o.formats = ["json", "csv"]
        o.rules = dir + "/regler.csv"
        try Self.bothPathsAgree(o)
        _ = try Pipeline.run(o)
        let accounts = try String(contentsOfFile: dir + "/out/2023/unclassified_accounts.csv", encoding: .utf8)
        #expect(accounts.contains("\n6810;0,00;") && accounts.contains("\n74311;12,00;"), "\(accounts)")
    }

    @Test("a header_row past the file's last record says so, not 'use --profile' to one who gave it")
    func headerRowPastTheEnd() throws {
        let dir = Self.folder([
            "t.csv": "Datum;Namn;Belopp\n2023-01-02;Acme;12,00\n",
            "p.toml": "[fields]\nbooking_date = \"Datum\"\nsupplier_name = \"Namn\"\namount = \"Belopp\"\n[format]\nheader_row = 5\n",
        ])
        let r = try runSpend(["analyze", "--invoices", "t.csv", "--profile", "p.toml", "--out", "out"], cwd: dir)
        #expect(r.code == 65)
        #expect(r.err.contains("t.csv:5: header_row = 5 of profile 'p.toml', but no record starts on line 5 (a blank line, or past the end)"), "\(r.err)")
    }

    @Test("with no profile near, the error shows the first record of several fields and names its line", arguments: CSVParserKind.allCases)
    func noProfileNamesItsLine(parser: CSVParserKind) throws {
        let dir = Self.folder(["t.csv": "Rapport 2023\nAlfa;Beta;Gamma\n2023-01-02;12,00;Acme\n"])
        let r = try runSpend(["analyze", "--invoices", "t.csv", "--out", "out", "--parser", parser.rawValue], cwd: dir)
        #expect(r.code == 65)
        #expect(r.err.contains("t.csv:2: no export profile matches the header (Alfa, Beta, Gamma); use --profile"), "\(r.err)")
    }

    @Test(
        "header names ignore case, `_` against blank, runs of blanks and trailing blanks; a field may list several names"
    )
    func headerNames() throws {
        #expect(foldProfileHeader("paid_date") == foldProfileHeader(" Paid  Date  "))
        #expect(foldProfileHeader("Leverantör_ID") == "leverantor id")
        let later =
            "PAID  DATE ,supplier_name,Supplier Id,Expense type,Expense code,Amount Paid,Transaction number\n01-MAY-2023,Acme Ltd,S1,Supplies,D3511,7.00,T9\n"
        let dir = Self.folder(["q2.csv": later, "p.toml": Self.councilProfile])
        let (lines, ing) = try ingest([dir + "/q2.csv"], profile: try Profile.named(dir + "/p.toml"))
        #expect(ing.counts == RowCounts(read: 1, accepted: 1))
        #expect(lines.first?.amount == 700 && lines.first?.bookingDate == Day(year: 2023, month: 5, day: 1))
    }

    @Test("[[profile]] gives each quarter its own profile; one run reads every quarter, in one currency")
    func profilePerFile() throws {
        let q1 = Self.councilHeader + "\n01-APR-2023,Acme Ltd,S1,Supplies,D3511,\"1,000.00\",T1\n"
        let q2 = "Date,Payee,Net\n2023/07/01,Acme Ltd,£250.50\n"
        let newLayout = """
            [fields]
            booking_date = "Date"
            supplier_name = "Payee"
            amount = "Net"
            [format]
            currency = "GBP"
            decimal = "."
            date_format = "YYYY/MM/DD"

            """
        let config = """
            [input]
            invoices = ["data/*.csv"]
            [[profile]]
            files = "data/2023-q1*.csv"
            profile = "old.toml"
            [[profile]]
            files = ["*-q2.csv"]
            profile = "new.toml"
            [output]
            dir = "out"
            formats = ["json", "csv"]

            """
        let dir = Self.folder(["old.toml": Self.councilProfile, "new.toml": newLayout, "spend.toml": config])
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        _ = writeFile(q1, name: "2023-q1.csv", in: dir + "/data")
        _ = writeFile(q2, name: "2023-q2.csv", in: dir + "/data")
        let r = try runSpend(["analyze", "--config", dir + "/spend.toml"])
        #expect(r.code == 0, "\(r.err)")
        let json = try String(contentsOfFile: dir + "/out/2023/summary.json", encoding: .utf8)
        #expect(json.contains("\"currency\": \"GBP\"") && json.contains("\"total\": 1250.50"), "\(json)")
        let suppliers = try String(contentsOfFile: dir + "/out/2023/suppliers.csv", encoding: .utf8)
        #expect(suppliers.contains("belopp_gbp") && !suppliers.contains("_sek"))
        // A quarter in kronor beside quarters in pounds is a configuration error.
        try (newLayout.replacingOccurrences(of: "GBP", with: "SEK")).write(
            toFile: dir + "/new.toml", atomically: true, encoding: .utf8)
        let mixed = try runSpend(["analyze", "--config", dir + "/spend.toml"])
        #expect(mixed.code == 64 && mixed.err.contains("a run reports in one currency"), "\(mixed.err)")
    }

    @Test("[[profile]] mistakes name their line in spend.toml, exit 64")
    func profileTableMistakes() throws {
        for (text, message) in [
            (
                "[input]\ninvoices = [\"a.csv\"]\n[[profile]]\nfiles = \"*.csv\"\n",
                "spend.toml:3: [[profile]] needs profile"
            ),
            (
                "[input]\ninvoices = [\"a.csv\"]\n[[profile]]\nprofile = \"p.toml\"\n[[profile]]\nfiles = \"x\"\nprofile = \"p.toml\"\nwhy = 1\n",
                "spend.toml:3: [[profile]] needs files"
            ),
            (
                "[input]\ninvoices = [\"a.csv\"]\n[[profile]]\nfiles = \"x\"\nprofile = \"p.toml\"\n[[profile]]\nfiles = \"x\"\nprofile = \"p.toml\"\nwhy = 1\n",
                "spend.toml:6: [[profile]] knows files and profile, not 'why'"
            ),
            ("[input]\ninvoices = [\"a.csv\"]\nprofile = []\n", "spend.toml:3: profile must name a profile"),
        ] {
            let dir = Self.folder(["spend.toml": text])
            do { _ = try SpendConfig.load(dir + "/spend.toml"); Issue.record("no error: \(message)") } catch let e
                as ConfigError
            {
                #expect(e.description.hasPrefix(dir + "/" + message), "\(e)")
                #expect(e.exitCode == 64)
            }
        }
    }

    @Test("a list of profiles: each file is read with the one whose header it has")
    func detectionAmongGivenProfiles() throws {
        let a = Self.councilHeader + "\n01-APR-2023,Acme Ltd,S1,Supplies,D3511,10.00,T1\n"
        let b = "Date,Payee,Net\n2023/07/01,Acme Ltd,20.00\n"
        let other =
            "[fields]\nbooking_date = \"Date\"\nsupplier_name = \"Payee\"\namount = \"Net\"\n[format]\ncurrency = \"GBP\"\ndecimal = \".\"\ndate_format = \"YYYY/MM/DD\"\n"
        let dir = Self.folder(["a.csv": a, "b.csv": b, "p.toml": Self.councilProfile, "q.toml": other])
        let r = try runSpend(
            [
                "analyze", "--invoices", "a.csv", "b.csv", "--profile", "p.toml,q.toml", "--out", "out", "--format",
                "json", "--verbose",
            ], cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        #expect(
            r.err.contains("a.csv: UTF-8, profile p.toml") && r.err.contains("b.csv: UTF-8, profile q.toml"), "\(r.err)"
        )
        #expect(
            try String(contentsOfFile: dir + "/out/2023/summary.json", encoding: .utf8).contains("\"total\": 30.00"))
    }

    @Test("pounds: every output names the currency, amounts with signs and parentheses read in both paths")
    func currencyInOutputs() throws {
        let text =
            Self.councilHeader
            + "\n01-APR-2023,Acme Ltd,S1,Supplies,D3511,\"£1,234.56\",T1\n02-APR-2023,Acme Ltd,S1,Supplies,D3511,(£234.56),T2\n"
            + "03-APR-2023,Euro GmbH,S3,Supplies,D3511,€10.00,T3\n"
        let dir = Self.folder(["a.csv": text, "p.toml": Self.councilProfile])
        let o = Self.options(dir, ["a.csv"])
        try Self.bothPathsAgree(o)
        let r = try runSpend(
            [
                "analyze", "--invoices", "a.csv", "--profile", "p.toml", "--out", "out", "--format", "json,csv,md",
                "--max-rejects", "0.5",
            ], cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        let out = dir + "/out/2023/"
        let json = try String(contentsOfFile: out + "summary.json", encoding: .utf8)
        #expect(json.contains("\"currency\": \"GBP\"") && json.contains("\"total\": 1000.00"))
        for table in [
            "subcategories.csv", "suppliers.csv", "boards.csv", "loyalty.csv", "invoices.csv", "risks.csv",
            "unclassified.csv",
        ] {
            let header =
                try String(contentsOfFile: out + table, encoding: .utf8).split(separator: "\n").first.map(String.init)
                ?? ""
            #expect(!header.contains("_sek"), "\(table): \(header)")
        }
        #expect(try String(contentsOfFile: out + "suppliers.csv", encoding: .utf8).contains("belopp_gbp"))
        let md = try String(contentsOfFile: out + "report.md", encoding: .utf8)
        #expect(md.contains("1\u{A0}000\u{A0}GBP") && !md.contains("\u{A0}kr"), "\(md.prefix(600))")
        #expect(try String(contentsOfFile: out + "bilaga3.md", encoding: .utf8).contains("miljoner GBP"))
        let charts = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".svg") }
        #expect(!charts.isEmpty)
        for c in charts {  // the charts' scales too
            let svg = try String(contentsOfFile: out + c, encoding: .utf8)
            #expect(!svg.contains("tkr") && !svg.contains("mnkr") && !svg.contains(">kr<"), "\(c)")
        }
        #expect(
            try String(contentsOfFile: out + "rejects.csv", encoding: .utf8).contains(
                "a.csv;4;amount in another currency than the line's ('€')"))
    }

    @Test(
        "[[exclude]] and [status]: VAT, tax and suspense lines are excluded with their reason and listed, never counted"
    )
    func exclusions() throws {
        let profile =
            Self.councilProfile.replacingOccurrences(of: "invoice_number", with: "status = \"State\"\ninvoice_number")
                + """
                [status]
                ok = ["Paid", "OK"]
                exclude = ["Void"]
                [[exclude]]
                column = "Expense Type"
                values = ["VAT", "HMRC*"]
                reason = "tax, not a purchase"
                [[exclude]]
                accounts = ["Z9*", "S100-S199"]
                reason = "suspense and balance sheet accounts"

                """
        let text =
            Self.councilHeader + ",State\n"
            + [
                "01-APR-2023,Acme Ltd,S1,Supplies,D3511,100.00,T1,Paid",
                "01-APR-2023,HM Revenue & Customs,S9,VAT,D3511,20.00,T2,Paid",
                "01-APR-2023,HM Revenue & Customs,S9,HMRC PAYE,D3511,30.00,T3,paid",
                "01-APR-2023,Suspense,S0,Misc,Z901,40.00,T4,OK",
                "01-APR-2023,Bank,S0,Misc,S150,50.00,T5,OK", "01-APR-2023,Acme Ltd,S1,Supplies,D3511,60.00,T6,Void",
                "01-APR-2023,Acme Ltd,S1,Supplies,D3511,70.00,T7,Held",
                "01-APR-2023,Acme Ltd,S1,Supplies,S1500,80.00,T8,OK",
            ].joined(separator: "\n") + "\n"
        let dir = Self.folder(["a.csv": text, "p.toml": profile])
        let o = Self.options(dir, ["a.csv"])
        try Self.bothPathsAgree(o)
        var relaxed = o
        relaxed.maxRejects = 0.5
        let result = try Pipeline.run(relaxed)
        #expect(result.counts == RowCounts(read: 8, accepted: 2, rejected: 1, excluded: 5))
        #expect(result.reports.map(\.total) == [18_000])
        let excluded = try String(contentsOfFile: dir + "/out/2023/excluded.csv", encoding: .utf8)
        for line in [
            "a.csv;3;tax, not a purchase", "a.csv;4;tax, not a purchase", "a.csv;5;suspense and balance sheet accounts",
            "a.csv;6;suspense and balance sheet accounts", "a.csv;7;status VOID",
        ] {
            #expect(excluded.contains(line), "\(line)\n\(excluded)")
        }
        #expect(
            try String(contentsOfFile: dir + "/out/2023/rejects.csv", encoding: .utf8).contains(
                "a.csv;8;unknown status 'HELD'"))
    }

    @Test("ids that are no identity: a pattern leaves per-payment ids out, or suppliers are keyed by name alone")
    func idsThatAreNoIdentity() throws {
        let text =
            Self.councilHeader + "\n"
            + [
                "01-APR-2023,Beta Services,20000000_46281108,Consultancy,D3520,100.00,T1",
                "02-APR-2023,Beta Services,20000000_46281999,Consultancy,D3520,200.00,T2",
                "03-APR-2023,Acme Ltd,20014760,Supplies,D3511,300.00,T3",
                "04-APR-2023,ACME LTD,20014760,Supplies,D3511,400.00,T4",
            ].joined(separator: "\n") + "\n"
        let ignore = Self.councilProfile + "supplier_id_ignore = \"^\\\\d+_\\\\d+$\"\n"
        let byName = Self.councilProfile + "supplier_key = \"name\"\n"
        let dir = Self.folder([
            "a.csv": text, "p.toml": Self.councilProfile, "ignore.toml": ignore, "name.toml": byName,
        ])
        func suppliers(_ profile: String) throws -> Int {
            let o = Self.options(dir, ["a.csv"], profile: profile)
            try Self.bothPathsAgree(o)
            return try Pipeline.run(o).reports[0].suppliersWithSpend
        }
        #expect(try suppliers("p.toml") == 3)  // two payments, two "suppliers"
        #expect(try suppliers("ignore.toml") == 2)  // Beta by name, Acme by its id
        #expect(try suppliers("name.toml") == 2)  // both by name; ACME LTD is Acme Ltd
        #expect(throws: IngestError.self) {
            try Profile.parseTOML("[fields]\namount = \"A\"\n[format]\nsupplier_id_ignore = \"(\"\n", path: "p.toml")
        }
    }

    @Test("a totals row, with its label in the date column, is a layout row, not a reject")
    func totalsInTheDateColumn() throws {
        let text =
            Self.councilHeader + "\n01-APR-2023,Acme Ltd,S1,Supplies,D3511,100.00,T1\nTotal,,,,,\"£100.00\",\n,,,,,,\n"
        let dir = Self.folder(["a.csv": text, "p.toml": Self.councilProfile])
        let o = Self.options(dir, ["a.csv"])
        try Self.bothPathsAgree(o)
        let (_, ing) = try ingest(o.invoices, profile: try Profile.named(o.profile!))
        #expect(ing.counts == RowCounts(read: 3, accepted: 1, excluded: 2))
        #expect(ing.excludedListed.map(\.reason) == ["totals row 'Total'", "blank row"])
    }

    @Test("a section title between rows (words alone in one cell, the row's width) is a layout row; words with a digit, a lone amount, or a short row are rejects")
    func sectionTitles() throws {
        let text =
            Self.councilHeader
            + "\n01-APR-2023,Acme Ltd,S1,Supplies,D3511,100.00,T1\nPrepaid cards,,,,,,\n,,Schools — Nämnd,,,,\n"
            + "3M Svenska AB,,,,,,\n,,,,,99.00,\nCarried forward\n"
        let dir = Self.folder(["a.csv": text, "p.toml": Self.councilProfile])
        let o = Self.options(dir, ["a.csv"])
        try Self.bothPathsAgree(o)
        let (_, ing) = try ingest(o.invoices, profile: try Profile.named(o.profile!))
        #expect(ing.counts == RowCounts(read: 6, accepted: 1, rejected: 3, excluded: 2))
        #expect(ing.excludedListed.map(\.reason) == ["section title 'Prepaid cards'", "section title 'Schools — Nämnd'"])
        #expect(ing.rejects.map(\.line) == [5, 6, 7])
    }

    @Test("a totals label alone as the supplier's name is a totals row though dated, wherever the column stands; labels that end in Total, and S:a, too",
          arguments: ["Grand Total", "Overall Total", "Net Total", "Report Total", "Page Total", "S:a", "S:a totalt", "Totalbelopp",
                      "Grand Total 01/04/2022 - 31/03/2023"])
    func totalsAsTheSupplierName(label: String) throws {
        let dir = Self.folder([
            "a.csv": "Supplier Name,Category Family,Invoice GL Date,Spend\nAcme Ltd,Track,2019-01-05,100.00\n"
                + "Total Hygiene Ltd,Track,2019-01-06,50.00\n\(label),,2019-01-31,150.00\n",
            "b.csv": "Invoice GL Date,Category Family,Supplier Name,Spend\n2019-02-05,Track,Acme Ltd,100.00\n2019-02-28,,\(label),100.00\n",
            "p.toml": "[fields]\nbooking_date = \"Invoice GL Date\"\nsupplier_name = \"Supplier Name\"\naccount_text = \"Category Family\"\namount = \"Spend\"\n[format]\ncurrency = \"GBP\"\n",
        ])
        let o = Self.options(dir, ["a.csv", "b.csv"])
        try Self.bothPathsAgree(o)
        let (lines, ing) = try ingest(o.invoices, profile: try Profile.named(o.profile!))
        #expect(ing.counts == RowCounts(read: 5, accepted: 3, excluded: 2))
        #expect(lines.map(\.amount).reduce(0, +) == 25_000)
        let cut = String(label.prefix(40))
        #expect(ing.excludedListed.map(\.reason) == Array(repeating: "totals row, dated, named '\(cut)'", count: 2))
        #expect(LayoutRow.warnings(ing.books.excluded).contains { $0.contains("2 dated rows were excluded as totals rows") })
    }

    @Test("a totals row with its label in the invoice number column, or a placeholder id, is a layout row, dated or not")
    func totalsInTheNumberColumn() throws {
        let header =
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Belopp;Status"
        let profile = """
            [fields]
            invoice_number = "Fakturanummer"
            voucher = "Verifikationsnummer"
            booking_date = "Bokföringsdatum"
            supplier_name = "Leverantör"
            supplier_id = "Organisationsnummer"
            cost_centre = "Kst"
            account = "Konto"
            amount = "Belopp"
            status = "Status"

            """
        let rows =
            "A1;V1;2022-03-01;Atea;556036-0793;1100;54610;100;OK\nSumma;;;;;;;100;\nSumma mars;;;;;;;100;OK\n"
            + "Summa;;;;0000000000;;;100;\nTotalt;;;;NULL;;;100;\n"
        for (name, toml) in [("dated", profile), ("period", profile + "[format]\nperiod = \"2022-03\"\n")] {
            let dir = Self.folder(["a.csv": header + "\n" + rows, "p.toml": toml])
            let o = Self.options(dir, ["a.csv"])
            try Self.bothPathsAgree(o)
            let (_, ing) = try ingest(o.invoices, profile: try Profile.named(o.profile!))
            #expect(ing.counts == RowCounts(read: 5, accepted: 1, excluded: 4), "\(name)")
            #expect(
                ing.excludedListed.map(\.reason) == [
                    "totals row 'Summa'", "totals row 'Summa mars'", "totals row 'Summa'", "totals row 'Totalt'",
                ], "\(name)")
        }
    }

    @Test("profile mistakes name their line: exclusions, status, currency, header_row")
    func profileMistakes() {
        let base = "[fields]\namount = \"A\"\nsupplier_name = \"S\"\nbooking_date = \"D\"\n"
        let cases: [(String, String)] = [
            (base + "[[exclude]]\ncolumn = \"T\"\nvalues = [\"VAT\"]\n", "p.toml:5: [[exclude]] needs a reason"),
            (
                base + "[[exclude]]\ncolumn = \"T\"\nreason = \"x\"\n",
                "p.toml:5: [[exclude]] values and a field or column go together"
            ),
            (
                base + "[[exclude]]\naccounts = [\"D1-D22\"]\nreason = \"x\"\n",
                "p.toml:5: [[exclude]] 'D1-D22' is not an account"
            ),
            (
                base + "[[exclude]]\nfield = \"nope\"\nvalues = [\"x\"]\nreason = \"x\"\n",
                "p.toml:5: [[exclude]] field must be one of"
            ),
            (
                base + "[[exclude]]\naccounts = [\"1\"]\nreason = \"x\"\n[[exclude]]\nwhy = \"x\"\n",
                "p.toml:8: [[exclude]] knows field, column"
            ),
            (base + "[status]\nexclude = [\"VOID\"]\n", "p.toml:5: [status] needs ok"),
            (base + "[format]\ncurrency = \"pounds\"\n", "p.toml:6: currency must be a three-letter code"),
            (base + "[format]\nheader_row = 0\n", "p.toml:6: header_row must be the line number"),
            (base + "[format]\nsupplier_key = \"vat\"\n", "p.toml:6: supplier_key must be"),
            (base + "[format]\nwidth = 3\n", "p.toml:6: unknown format key 'width'"),
        ]
        for (text, message) in cases {
            do { _ = try Profile.parseTOML(text, path: "p.toml"); Issue.record("no error: \(message)") } catch let e
                as IngestError
            {
                #expect(e.description.hasPrefix(message), "\(e)")
                #expect(e.exitCode == 64)
            } catch { Issue.record("\(error)") }
        }
    }
}
