import Foundation
import Testing

@testable import SpendKit

/// Issue 20 cases 10 and 11: money never wraps (the release build is `-Ounchecked`), and `spend apportion`'s
/// parts always sum to the amount.
@Suite struct MoneyLimitTests {
    static let header =
        "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus"

    /// A Proceedo dump of one supplier's lines of 2022, one invoice each.
    static func dump(_ amounts: [String], in dir: String, name: String = "dump.csv") -> String {
        let rows = amounts.enumerated().map {
            "F\($0.offset);V\($0.offset);2022-03-01;Atea Sverige AB;556036-0793;1100;54610;\($0.element);OK"
        }
        return writeFile(([header] + rows).joined(separator: "\r\n") + "\r\n", name: name, in: dir)
    }

    static let limitKr = "1000000000000000,00"  // 10^15 kr, the largest amount of a row

    // MARK: case 10: amounts and sums

    @Test("an amount beyond ±10^15 kr does not parse; 10^15 kr does")
    func rowLimit() {
        #expect(Amount.parseOre("1000000000000000,00") == .success(100_000_000_000_000_000))
        #expect(Amount.parseOre("-1 000 000 000 000 000,00") == .success(-100_000_000_000_000_000))
        #expect(Amount.parseOre("1000000000000000,01") == .failure(.overflow))
        #expect(Amount.parseOre("-1000000000000000,01") == .failure(.overflow))
        #expect(Amount.parseOre("50000000000000000,00") == .failure(.overflow))
        #expect(Amount.parseOre("92233720368547758,07") == .failure(.overflow))
    }

    @Test("the issue's two huge amounts are rejects, never a negative total", arguments: ["fast", "libcsv"])
    func twoHugeAmounts(_ parser: String) throws {
        let dir = tempDir()
        _ = Self.dump(["50000000000000000,00", "50000000000000000,00"], in: dir)
        let r = try runSpend(
            ["analyze", "--invoices", "dump.csv", "--out", "out", "--format", "json", "--parser", parser], cwd: dir)
        #expect(r.code == 65)
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/2022"))
        // with a row beside them and every reject allowed: the two are rejects with their reason, the total is the third
        _ = Self.dump(["50000000000000000,00", "50000000000000000,00", "100,00"], in: dir)
        let ok = try runSpend(
            [
                "analyze", "--invoices", "dump.csv", "--out", "out", "--format", "json,csv", "--parser", parser,
                "--max-rejects", "1",
            ], cwd: dir)
        #expect(ok.code == 0, "\(ok.err)")
        let json = try String(contentsOfFile: dir + "/out/2022/summary.json", encoding: .utf8)
        #expect(json.contains("\"total\": 100.00,"))
        #expect(json.contains("\"rejected\": 2"))
        let rejects = try String(contentsOfFile: dir + "/out/2022/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("dump.csv;2;amount is beyond ±1 000 000 000 000 000 kr: '50000000000000000,00'"))
        #expect(rejects.contains("dump.csv;3;"))
    }

    /// (`CurrencyRates.convert` refuses a product beyond Int64, far below 10^15 kr, as "no exchange rate").
    @Test("a huge amount in a foreign currency is a reject, never a wrapped conversion")
    func convertedAmount() throws {
        let dir = tempDir()
        let header =
            "Fakturanummer;Verifikationsnummer;Fakturadatum;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Projekt;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus;Sekretess"
        _ = writeFile(
            header + "\r\nF1;V1;2022-03-01;2022-03-01;Atea;556036-0793;1100;54610;;;200000000000000,00;EUR;;OK;N\r\n"
                + "F2;V2;2022-03-01;2022-03-01;Atea;556036-0793;1100;54610;;;100,00;EUR;;OK;N\r\n", name: "dump.csv",
            in: dir)
        _ = writeFile("valuta;datum;kurs\nEUR;2022-01-01;10,00\n", name: "v.csv", in: dir)
        let r = try runSpend(
            [
                "analyze", "--invoices", "dump.csv", "--currency-rates", "v.csv", "--out", "out", "--format",
                "json,csv", "--max-rejects", "1",
            ], cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        let rejects = try String(contentsOfFile: dir + "/out/2022/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("dump.csv;2;"))
        #expect(
            try String(contentsOfFile: dir + "/out/2022/summary.json", encoding: .utf8).contains("\"total\": 1000.00,"))
    }

    /// A sign or code in the amount is checked against the line's own currency: `€100` on a EUR line is 100 EUR,
    /// `100 kr` on a EUR line a reject (it was converted as 100 EUR).
    @Test(arguments: ["fast", "libcsv"])
    func signOfTheLinesCurrency(parser: String) throws {
        let dir = tempDir()
        let header =
            "Fakturanummer;Verifikationsnummer;Fakturadatum;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Projekt;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus;Sekretess"
        _ = writeFile(
            header + "\nF1;V1;2022-03-01;2022-03-01;Atea;556036-0793;1100;54610;;;€100,00;EUR;;OK;N\n"
                + "F2;V2;2022-03-01;2022-03-01;Atea;556036-0793;1100;54610;;;100,00 kr;EUR;;OK;N\n"
                + "F3;V3;2022-03-01;2022-03-01;Atea;556036-0793;1100;54610;;;5,00 kr;SEK;;OK;N\n"
                + "F4;V4;2022-03-01;2022-03-01;Atea;556036-0793;1100;54610;;;€7,00;SEK;;OK;N\n", name: "dump.csv",
            in: dir)
        _ = writeFile("valuta;datum;kurs\nEUR;2022-01-01;10,00\n", name: "v.csv", in: dir)
        let r = try runSpend(
            [
                "analyze", "--invoices", "dump.csv", "--currency-rates", "v.csv", "--out", "out", "--format",
                "json,csv", "--max-rejects", "1", "--parser", parser,
            ], cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        let rejects = try String(contentsOfFile: dir + "/out/2022/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("dump.csv;3;amount in another currency than the line's ('kr')"), "\(rejects)")
        #expect(rejects.contains("dump.csv;5;amount in another currency than the line's ('€')"), "\(rejects)")
        #expect(
            try String(contentsOfFile: dir + "/out/2022/summary.json", encoding: .utf8).contains("\"total\": 1005.00,"))
    }

    @Test(
        "sums beyond Int64 stop the run with exit 65 and publish nothing",
        arguments: [("fast", "1"), ("fast", "2"), ("libcsv", "1")])
    func sumOverflow(_ parser: String, _ threads: String) throws {
        let dir = tempDir()
        _ = Self.dump(Array(repeating: Self.limitKr, count: 100), in: dir)  // 10^17 kr: beyond 9.2·10^16 kr
        let r = try runSpend(
            [
                "analyze", "--invoices", "dump.csv", "--out", "out", "--format", "json,csv,md", "--parser", parser,
                "--threads", threads,
            ], cwd: dir)
        #expect(r.code == 65, "\(r.err)")
        #expect(r.err.contains("2022: a sum of money is beyond ±40 000 000 000 000 000 kr"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/2022"))
    }

    @Test("a figure beyond 4·10^16 kr stops the run though Int64 holds it; below it every format is written")
    func figureLimit() throws {
        let dir = tempDir()
        _ = Self.dump(Array(repeating: Self.limitKr, count: 41), in: dir)
        let r = try runSpend(["analyze", "--invoices", "dump.csv", "--out", "out", "--format", "json"], cwd: dir)
        #expect(r.code == 65)
        #expect(r.err.contains("2022: the category's spend is beyond ±40 000 000 000 000 000 kr"))
        _ = Self.dump(Array(repeating: Self.limitKr, count: 40), in: dir)
        let ok = try runSpend(
            ["analyze", "--invoices", "dump.csv", "--out", "out", "--format", "json,csv,md,html,xlsx"], cwd: dir)
        #expect(ok.code == 0, "\(ok.err)")
        let json = try String(contentsOfFile: dir + "/out/2022/summary.json", encoding: .utf8)
        #expect(json.contains("\"total\": 40000000000000000.00,"))
        let md = try String(contentsOfFile: dir + "/out/2022/report.md", encoding: .utf8)
        #expect(md.contains("40\u{A0}000\u{A0}000\u{A0}000\u{A0}000\u{A0}000\u{A0}kr"))
        #expect(md.contains("100,0\u{A0}%"))
        #expect(!md.contains("−"))  // nothing wrapped negative
    }

    @Test("the handling cost of the invoices is checked: 40 × 10^15 kr is the limit, 41 × stops the run")
    func handlingCost() throws {
        // The command line and the config cap the cost per invoice far lower; the library still checks the product.
        func run(_ n: Int) throws -> RunResult {
            let dir = tempDir()
            _ = Self.dump(Array(repeating: "1,00", count: n), in: dir)
            var o = RunOptions()
            o.invoices = [dir + "/dump.csv"]; o.outDir = dir + "/out"; o.formats = ["csv"]
            o.settings.invoiceHandlingCost = 1_000_000_000_000_000 * 100
            return try Pipeline.run(o)
        }
        #expect(throws: (any Error).self) { try run(41) }
        do { _ = try run(41) } catch {
            #expect("\(error)".contains("the handling cost of 41 invoices is beyond"), "\(error)")
        }
        let ok = try run(40)
        #expect(ok.reports.first?.invoices == 40)
    }

    @Test(
        "handling cost and direct-award threshold: 0 to 10^15 kr on the command line and in the config",
        arguments: [
            (["--invoice-handling-cost=-5"], "--invoice-handling-cost must not be negative (-5)"),
            (
                ["--invoice-handling-cost", "1000000000000001"],
                "--invoice-handling-cost: 1000000000000001 kr is more than the largest allowed, 1000000 kr"
            ),
            (
                ["--invoice-handling-cost", "9223372036854775807"],
                "--invoice-handling-cost: 9223372036854775807 kr is more than the largest allowed, 1000000 kr"
            ),
            (["--direct-award-threshold=-1"], "--direct-award-threshold must not be negative (-1)"),
            (["--direct-award-threshold", "-1"], "--direct-award-threshold must not be negative (-1)"),
            (["--invoice-handling-cost", "-5"], "--invoice-handling-cost must not be negative (-5)"),
            (
                ["--direct-award-threshold", "92233720368547759"],
                "--direct-award-threshold: 92233720368547759 kr is more than the largest allowed, 1000000000000 kr"
            ),
        ])
    func settingsOnTheCommandLine(_ flag: [String], _ message: String) throws {
        let dir = tempDir()
        _ = Self.dump(["1,00"], in: dir)
        let r = try runSpend(
            ["analyze", "--invoices", "dump.csv", "--out", "out", "--format", "json"] + flag, cwd: dir)
        #expect(r.code == 64)
        #expect(r.err.contains("spend: error: " + message + "\n"), "\(r.err)")
    }

    @Test(
        "handling cost and threshold in spend.toml: an error naming the line",
        arguments: [
            "invoice_handling_cost = -1", "invoice_handling_cost = 1000000000000001",
            "direct_award_threshold = 9223372036854775807",
            "direct_award_threshold = { 2022 = -5 }",
        ])
    func settingsInTheConfig(_ line: String) throws {
        let path = writeFile("[analysis]\ncategory = \"IT\"\n\(line)\n", name: "spend.toml")
        #expect {
            try SpendConfig.load(path)
        } throws: { e in
            guard case ConfigError.invalid(let p, let l, let m) = e else { return false }
            return p == path && l == 3
                && (m.contains("must not be negative") || m.contains("is more than the largest allowed"))
        }
    }

    @Test(
        "avtalstak: more than 0 and at most 10^15 kr, else an error naming its line",
        arguments: [
            ("92233720368547758,07", false), ("9223372036854775807", false), ("1000000000000000,01", false),
            ("0", false), ("-100", false),
            ("1000000000000000", true), ("0,01", true),
        ])
    func ceilingAtLoad(_ ceiling: String, _ accepted: Bool) throws {
        let path = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic
            K1;Ett;556036-0793;Atea;IT;;2022-01-01;2022-12-31;;100;ramavtal;
            K2;Två;556036-0793;Atea;IT;;2022-01-01;2022-12-31;;\(ceiling);ramavtal;

            """, name: "avtal.csv")
        if accepted {
            #expect(try ContractRegister.load(path).contracts.count == 2)
        } else {
            let e = try #require(throws: AnalyzeError.self) { try ContractRegister.load(path) }
            #expect(e.line == 3)
            #expect(e.message == "avtalstak: '\(ceiling)' must be more than 0 kr and at most 1 000 000 000 000 000 kr")
            #expect(e.exitCode == 65)
        }
    }

    @Test("a ceiling at the limit with a tiny spend projects no date instead of overflowing")
    func ceilingProjection() throws {
        let dir = tempDir()
        _ = Self.dump(["0,01"], in: dir)
        _ = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic
            K1;Ett;556036-0793;Atea;IT;;2022-01-01;2022-12-31;;1000000000000000;ramavtal;

            """, name: "avtal.csv", in: dir)
        _ = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;54610;;\n",
            name: "regler.csv", in: dir)
        let r = try runSpend(
            [
                "analyze", "--invoices", "dump.csv", "--contracts", "avtal.csv", "--rules", "regler.csv", "--category",
                "IT",
                "--out", "out", "--format", "csv",
            ], cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        let risks = try String(contentsOfFile: dir + "/out/2022/ceilings.csv", encoding: .utf8)
        #expect(
            risks.contains("K1;Ett;;1000000000000000,00;0,01;0,0;2022-12-31;;nås inte före avtalets slut"), "\(risks)")
        // a ceiling a year's run rate reaches within the horizon still gets its date
        _ = Self.dump(["500000000000000,00"], in: dir)
        #expect(
            try runSpend(
                [
                    "analyze", "--invoices", "dump.csv", "--contracts", "avtal.csv", "--rules", "regler.csv",
                    "--category", "IT",
                    "--out", "out", "--format", "csv",
                ], cwd: dir
            ).code == 0)
        let half = try String(contentsOfFile: dir + "/out/2022/ceilings.csv", encoding: .utf8)
        #expect(
            half.contains("K1;Ett;;1000000000000000,00;500000000000000,00;50,0;2022-12-31;2022-04-30;2022-04-30"),
            "\(half)")
    }

    @Test("YearFigures: a sum beyond Int64 sets the flag, in record and in merge, and the report refuses the year")
    func figuresFlagOverflow() throws {
        let names = TallyNames()
        var a = YearFigures(names: names), b = YearFigures(names: names)
        a.allSpend = .max - 1
        b.allSpend = 2
        a.merge(b)
        #expect(a.overflow)
        var c = YearFigures(names: names)
        c.byCategory["x"] = .min + 1
        c.merge(YearFigures(names: names))
        #expect(!c.overflow)
        var sum: Int64 = .max, flag = false
        addMoney(&sum, 0, &flag)
        #expect(!flag)
        addMoney(&sum, 1, &flag)
        #expect(flag)
        let analyzer = Analyzer(
            settings: AnalysisSettings(), classifier: nil, contracts: .empty, organisation: nil, names: names)
        #expect(throws: MoneyOverflow(year: 2022, what: "a sum of money")) {
            try YearReport.build(year: 2022, figures: a, rows: RowCounts(), analyzer: analyzer)
        }
    }

    @Test("shares and percents are exact for any figure (no num × 100 that wraps)")
    func exactRatios() {
        let limit: Int64 = 100_000_000_000_000_000
        #expect(Fmt.percent(Ratio(limit, limit)) == "100,0\u{A0}%")
        #expect(Fmt.percent(Ratio(YearReport.maxFigure / 3, YearReport.maxFigure)) == "33,3\u{A0}%")
        #expect(Fmt.share(Ratio(.max, .max)) == "1.0000")
        #expect(Ratio(2, 3).scaled(4) == 6667)
        #expect(Ratio(-2, 3).scaled(4) == -6667)
        #expect(Ratio(1, 8).scaled(2) == 13)  // half away from zero
        #expect(Ratio(-1, 8).scaled(2) == -13)
        #expect(Ratio(.max, 1).scaled(2) == .max)  // clamped, not trapped
        #expect(Fmt.kronor(.max) == "92\u{A0}233\u{A0}720\u{A0}368\u{A0}547\u{A0}758\u{A0}kr")
        #expect(Fmt.kronor(-150) == "−2\u{A0}kr")
        #expect(Fmt.kronor(149) == "1\u{A0}kr")
        #expect(Ratio.productLess(.max, 10, than: .max, 11))
        #expect(!Ratio.productLess(.max, 10, than: .max, 8))
        #expect(SVGChart.scale(.max, .max, 300) == 300)
        #expect(SVGChart.scale(.max / 2, .max, 300) == 150)
    }

    // MARK: case 11: spend apportion

    @Test("a negative amount: largest remainder on its magnitude, the sign on every part")
    func negativeAmount() throws {
        let a = try Apportionment.split(-10, weights: [("A", 100, nil), ("B", 100, nil), ("C", 100, nil)])
        #expect(a.parts.map(\.part) == [-4, -3, -3])
        let dir = tempDir()
        _ = writeFile("namn;vikt\nA;1\nB;1\nC;1\n", name: "w.csv", in: dir)
        let r = try runSpend(["apportion", "--amount=-10", "--weights", "w.csv"], cwd: dir)
        #expect(r.code == 0)
        #expect(r.out.contains("−4\n") && r.out.contains("Total   100,00 %         −10\n"))
    }

    @Test("the parts always sum to the amount, negative and at the limit too", arguments: 1...30)
    func partsSum(_ seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let big = seed % 3 == 0
        let weights = (0..<Int.random(in: 1...15, using: &rng)).map {
            ("K\($0)", Int64.random(in: 1...(big ? 100_000_000_000_000_000 : 5_000_000), using: &rng), Int64?.none)
        }
        let amount = Int64.random(in: -Amount.limitKronor...Amount.limitKronor, using: &rng)
        let a = try Apportionment.split(amount, weights: weights)
        #expect(a.parts.map(\.part).reduce(0, +) == amount)
        #expect(a.parts.allSatisfy { amount >= 0 ? $0.part >= 0 : $0.part <= 0 })
        // each part is its exact share rounded down or up
        let total = Double(weights.map(\.1).reduce(0, +))
        for (p, w) in zip(a.parts, weights) {
            #expect(abs(Double(p.part) - Double(amount) * Double(w.1) / total) < 1 + 1e-3 * abs(Double(amount)))
        }
    }

    @Test(
        "a weight that is not more than 0 is an error naming its line, exit 65",
        arguments: [
            ("namn;vikt\nA;0\nB;0\n", 2), ("namn;vikt\nA;1\nB;-2\n", 3), ("namn;vikt\nA;1\nB;0,00\n", 3),
        ])
    func weightsMustBePositive(_ file: String, _ line: Int) throws {
        let dir = tempDir()
        _ = writeFile(file, name: "w.csv", in: dir)
        let r = try runSpend(["apportion", "--amount", "100", "--weights", "w.csv"], cwd: dir)
        #expect(r.code == 65)
        #expect(r.err.contains("w.csv:\(line): vikt: "))
        #expect(r.err.contains("must be more than 0"))
        #expect(r.out.isEmpty)
        #expect(throws: ApportionError.self) { try Apportionment.split(100, weights: [("A", 0, nil)]) }
        #expect(throws: ApportionError.self) { try Apportionment.split(100, weights: []) }
    }

    @Test("weights whose sum overflows are refused at the line where it does, exit 65")
    func weightsOverflow() throws {
        let dir = tempDir()
        _ = writeFile("namn;vikt\n" + (0..<100).map { "K\($0);1000000000000000\n" }.joined(), name: "w.csv", in: dir)
        let r = try runSpend(["apportion", "--amount", "100", "--weights", "w.csv"], cwd: dir)
        #expect(r.code == 65)
        #expect(r.err.contains("w.csv:94: vikt: the weights up to this line sum beyond"))
        #expect(throws: ApportionError.self) { try Apportionment.split(1, weights: [("A", .max, nil), ("B", 1, nil)]) }
    }

    @Test(
        "an amount beyond ±10^15 is a usage error at once (it used to never end), the limit itself splits",
        arguments: [
            ("9223372036854775807", Int32(64)), ("-9223372036854775808", 64), ("1000000000000001", 64),
            ("1000000000000000", 0), ("-1000000000000000", 0),
        ])
    func largeAmounts(_ amount: String, _ code: Int32) throws {
        let dir = tempDir()
        _ = writeFile("namn;vikt\nA;1\nB;1\nC;1\n", name: "w.csv", in: dir)
        let start = Date()
        let r = try runSpend(["apportion", "--amount=\(amount)", "--weights", "w.csv"], cwd: dir)
        #expect(r.code == code, "\(r.err)")
        #expect(Date().timeIntervalSince(start) < 10)
        if code == 0 {
            let sign = amount.hasPrefix("-") ? "−" : ""
            #expect(r.out.contains("\(sign)333 333 333 333 334\n"))
            #expect(r.out.contains("Total   100,00 %  \(sign)1 000 000 000 000 000\n"))
        } else {
            #expect(r.err.contains("--amount: \(amount) is beyond ±1 000 000 000 000 000"))
        }
    }
}
