import Foundation
import Testing

@testable import SpendKit

@Suite("spend.toml")
struct ConfigTests {
    @Test("every key of SPEC §3.6 is read, and relative paths are relative to the file")
    func allKeys() throws {
        let dir = tempDir()
        let path = writeFile(
            """
            [input]
            invoices = ["dumps/*.csv", "/abs/x.csv"]
            profile = "profiles/p.toml"
            max_rejects = 0.01

            [reference]
            rules = "regler.csv"
            contracts = "avtal.csv"
            organisation = "organisation.csv"
            currency_rates = "valutakurser.csv"

            [analysis]
            category = "IT och telekom"
            years = [2021, 2022]
            year_by = "invoice"
            direct_award_threshold = { 2022 = 700000, 2023 = 700000 }
            invoice_handling_cost = 150
            lead_time_months = { "Verksamhetssystem" = 24, "IT-hårdvara" = 18, default = 12 }

            [output]
            dir = "Reports"
            formats = ["json", "csv", "sqlite"]
            """, name: "spend.toml", in: dir)
        let o = try SpendConfig.load(path)
        let base = URL(fileURLWithPath: dir).path
        #expect(o.invoices == [base + "/dumps/*.csv", "/abs/x.csv"])
        #expect(o.profile == base + "/profiles/p.toml")
        #expect(o.maxRejects == 0.01)
        #expect(o.rules == base + "/regler.csv")
        #expect(o.contracts == base + "/avtal.csv")
        #expect(o.organisation == base + "/organisation.csv")
        #expect(o.currencyRates == base + "/valutakurser.csv")
        #expect(o.settings.category == "IT och telekom")
        #expect(o.settings.years == [2021, 2022])
        #expect(o.settings.yearBy == .invoice)
        #expect(o.settings.directAwardThreshold == [2022: 70_000_000, 2023: 70_000_000])
        #expect(o.settings.invoiceHandlingCost == 15_000)
        #expect(o.settings.leadTimeMonths == ["Verksamhetssystem": 24, "IT-hårdvara": 18])
        #expect(o.settings.defaultLeadTime == 12)
        #expect(o.outDir == base + "/Reports")
        #expect(o.formats == ["json", "csv", "sqlite"])
    }

    @Test(
        "a mistake names the file, the line and the key",
        arguments: [
            ("[input]\ninvoices = [\"a.csv\"]\nprofil = \"proceedo\"\n", 3, "unknown key 'profil' in [input]"),
            ("[input]\ninvoices = \"a.csv\"\n\n[outputs]\ndir = \"x\"\n", 4, "unknown table [outputs]"),
            ("[analysis]\nyears = 2022\n", 2, "years must be a list of whole numbers"),
            ("[analysis]\nyear_by = \"posting\"\n", 2, "year_by must be \"booking\" or \"invoice\""),
            ("[input]\nmax_rejects = 5\n", 2, "max_rejects must be a fraction between 0 and 1"),
            ("[output]\nformats = [\"pdf\"]\n", 2, "unknown format 'pdf'"),
            ("[reference]\n\n\nrules = \n", 4, "expected value"),
            (
                "[analysis]\nlead_time_months = { default = \"18\" }\n", 2,
                "lead_time_months.default must be a whole number"
            ),
        ])
    func errors(text: String, line: Int, message: String) throws {
        let path = writeFile(text, name: "spend.toml")
        #expect {
            _ = try SpendConfig.load(path)
        } throws: { e in
            guard let e = e as? ConfigError, case .invalid(let p, let l, let m) = e else { return false }
            return p == path && l == line && m.contains(message) && e.exitCode == 64
        }
    }

    @Test("a missing config file is exit 64 (bad configuration) naming the path")
    func missing() {
        #expect(throws: ConfigError.missing(path: "/nonexistent/spend.toml")) {
            _ = try SpendConfig.load("/nonexistent/spend.toml")
        }
        #expect(ConfigError.missing(path: "x").exitCode == 64)
    }

    @Test("flags override the config; the binary reports config errors as file:line and exit 64")
    func flagsWin() throws {
        let dir = tempDir()
        for f in ["dump1.csv", "regler.csv"] {
            try FileManager.default.copyItem(atPath: repoRoot + "/Fixtures/analysis/" + f, toPath: dir + "/" + f)
        }
        let cfg = writeFile(
            """
            [input]
            invoices = ["dump1.csv"]
            [reference]
            rules = "regler.csv"
            [analysis]
            category = "IT"
            [output]
            dir = "out"
            formats = ["json"]
            """, name: "spend.toml", in: dir)
        let r = try runSpend(["analyze", "--config", cfg, "--category", "Other", "--out", dir + "/flag-out", "--quiet"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        let json = try String(contentsOfFile: dir + "/flag-out/2022/summary.json", encoding: .utf8)
        #expect(json.contains("\"category\": \"Other\""))

        // --direct-award-threshold overrides the config's per-year thresholds too (they won over it, exit 0).
        let perYear = writeFile(
            "[input]\ninvoices = [\"dump1.csv\"]\n[reference]\nrules = \"regler.csv\"\n[analysis]\ncategory = \"IT\"\ndirect_award_threshold = { 2022 = 1 }\n",
            name: "per-year.toml", in: dir)
        for (extra, flags) in [([String](), "\"direct_award_flags\": 5"), (["--direct-award-threshold", "100000"], "\"direct_award_flags\": 0")] {
            let t = try runSpend(["analyze", "--config", perYear, "--out", dir + "/t", "--format", "json", "--quiet"] + extra)
            #expect(t.code == 0, "\(t.err)")
            let s = try String(contentsOfFile: dir + "/t/2022/summary.json", encoding: .utf8)
            #expect(s.contains(flags), "\(extra): \(s.suffix(200))")
        }

        let bad = writeFile("[output]\ndir = \"x\"\nformat = [\"json\"]\n", name: "bad.toml", in: dir)
        let e = try runSpend(["run", "--config", bad])
        #expect(e.code == 64)
        #expect(e.err.contains("spend: error: \(bad):3: unknown key 'format' in [output]"))
        #expect(try runSpend(["run"]).code == 64)
        #expect(try runSpend(["run", "--config", dir + "/none.toml"]).code == 64)
    }

    @Test("exchange rates: valuta;datum;kurs with up to six decimals, errors by line")
    func rates() throws {
        let p = writeFile("valuta;datum;kurs\nEUR;2022-01-01;10,2500\nEUR;2022-07-01;10.75\n", name: "v.csv")
        let r = try CurrencyRates.load(p)
        #expect(r.convert(10_000, currency: "EUR", on: Day(year: 2022, month: 3, day: 1)!) == 102_500)
        #expect(r.convert(10_000, currency: "EUR", on: Day(year: 2022, month: 8, day: 1)!) == 107_500)
        // Before the first rate there is none: the line is rejected, not converted at a later rate.
        #expect(r.convert(10_000, currency: "EUR", on: Day(year: 2021, month: 12, day: 31)!) == nil)
        // Any amount the parser reads converts exactly (the product in 128 bits), or says it is beyond the limit.
        let small = try CurrencyRates.load(writeFile("valuta;datum;kurs\nEUR;2022-01-01;0,123457\nGBP;2022-01-01;10\n", name: "s.csv"))
        let day = Day(year: 2022, month: 3, day: 1)!
        #expect(small.conversion(99_999_999_999_999_999, currency: "EUR", on: day) == .ore(12_345_700_000_000_000))
        #expect(small.conversion(-99_999_999_999_999_999, currency: "EUR", on: day) == .ore(-12_345_700_000_000_000))
        #expect(small.conversion(99_999_999_999_999_999, currency: "GBP", on: day) == .beyondLimit)
        #expect(small.conversion(1, currency: "USD", on: day) == .noRate)
        // A quotient of UInt64.max with a remainder to round up (a reviewer's crash): beyond the limit, no trap.
        let edge = try CurrencyRates.load(writeFile("valuta;datum;kurs\nEUR;2022-01-01;184,467516\n", name: "e.csv"))
        #expect(edge.conversion(99_999_959_199_914_372, currency: "EUR", on: day) == .beyondLimit)
        // Two rates for one day contradict each other; the same rate twice does not.
        let twice = writeFile("valuta;datum;kurs\nEUR;2022-01-04;0,85\neur;2022-01-04;0.850\nEUR;2022-01-04;0,90\n", name: "t.csv")
        #expect(throws: IngestError.malformed(path: twice, line: 4, message: "EUR has another rate for 2022-01-04 on line 3: one rate a day")) {
            _ = try CurrencyRates.load(twice)
        }
        let bad = writeFile("valuta;datum;kurs\nEUR;2022-01-01;10,1234567\n", name: "v.csv")
        #expect(
            throws: IngestError.malformed(
                path: bad, line: 2, message: "kurs: '10,1234567' is not a positive rate with at most six decimals")
        ) {
            _ = try CurrencyRates.load(bad)
        }
    }
}
