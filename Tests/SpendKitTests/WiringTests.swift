import Foundation
import Testing

@testable import SpendKit

/// A Proceedo dump with a EUR row that only `currency_rates` makes acceptable, and the config that names the rates.
private func euroFixture() -> (dir: String, config: String, dump: String) {
    let dir = tempDir()
    let dump = writeFile(
        """
        Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Valuta;Huvudstatus
        A1;V1;2022-03-01;Atea Sverige AB;556036-0793;1100;54610;Dator;1 000,00;SEK;OK
        E1;V2;2022-04-01;Euro Software GmbH;;1100;74311;Licens;10,00;EUR;OK
        T1;V3;2022-05-01;Tele2 Sverige AB;556410-8917;1200;65400;Telefoni;300,00;SEK;OK

        """, name: "dump.csv", in: dir)
    _ = writeFile("valuta;datum;kurs\nEUR;2022-01-01;11,00\n", name: "kurser.csv", in: dir)
    _ = writeFile(
        """
        kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar
        IT;HW;;;54610;;
        IT;Licenser;;Euro Software;;;endast EUR-raden
        Tele;Tele;;;65400;;

        """, name: "regler.csv", in: dir)
    let config = writeFile(
        """
        [input]
        invoices = ["dump.csv"]
        [reference]
        rules = "regler.csv"
        currency_rates = "kurser.csv"
        [output]
        dir = "out"

        """, name: "spend.toml", in: dir)
    return (dir, config, dump)
}

/// Every command reads the invoices through `Pipeline.ingestor`, with the same options (issue 15, case 9).
@Suite("One wiring for every command")
struct WiringTests {
    /// The rows `analyze` accepted, as (file, line, amount), gathered from the analyzer's line sink.
    private func accepted(_ o: RunOptions) throws -> [(file: String, line: Int, amount: Int64)] {
        final class Box { var rows: [(file: String, line: Int, amount: Int64)] = [] }
        let box = Box()
        let (_, ingestor) = try Pipeline.analyze(o) { a in
            a.lineSink = { l, _ in box.rows.append((o.invoices[Int(l.source.file)], Int(l.source.line), l.amount)) }
        }
        #expect(box.rows.count == ingestor.counts.accepted)
        // The fast path (what `analyze` runs by default) accepts the same number of rows.
        #expect(try Pipeline.analyze(o).1.counts.accepted == ingestor.counts.accepted)
        return box.rows
    }

    private static func options(_ fixture: String) throws -> RunOptions {
        switch fixture {
        case "explain":
            var o = try SpendConfig.load(repoRoot + "/Fixtures/explain/spend.toml")
            o.invoices = RunOptions.uniqueInputs(o.invoices).paths
            return o
        case "analysis":
            var o = RunOptions()
            let d = repoRoot + "/Fixtures/analysis"
            o.invoices = [d + "/dump1.csv", d + "/dump2.csv"]
            o.rules = d + "/regler.csv"; o.contracts = d + "/avtal.csv"; o.organisation = d + "/organisation.csv"
            return o
        default:
            return try SpendConfig.load(euroFixture().config)
        }
    }

    @Test(
        "explain --row finds every row analyze accepted, with the same amount",
        arguments: ["explain", "analysis", "euro"])
    func explainFindsEveryAcceptedRow(_ fixture: String) throws {
        let o = try Self.options(fixture)
        let rows = try accepted(o)
        #expect(!rows.isEmpty)
        for r in rows {
            let l = try Explanation.acceptedLine(file: r.file, line: r.line, options: o)
            #expect(l.source.line == r.line && l.amount == r.amount, "\(r.file):\(r.line)")
            #expect(try Explanation.row("\(r.file):\(r.line)", options: o).hasPrefix("\(r.file):\(r.line): "))
        }
        if fixture == "euro" { #expect(rows.contains { $0.line == 3 && $0.amount == 11_000 }) }
    }

    @Test("a row analyze dropped as a duplicate or rejected is explained as such, not as missing")
    func explainSaysWhyARowIsNotThere() throws {
        let o = try Self.options("analysis")
        let d = repoRoot + "/Fixtures/analysis/dump2.csv"
        // dump2.csv line 2 repeats dump1.csv's T1 line.
        #expect { _ = try Explanation.acceptedLine(file: d, line: 2, options: o) } throws: {
            "\($0)".contains("duplicate")
        }
        var noRates = o
        noRates.invoices = [euroFixture().dump]
        #expect { _ = try Explanation.acceptedLine(file: noRates.invoices[0], line: 3, options: noRates) } throws: {
            "\($0)".contains("rejected")
        }
    }

    @Test("through the binary: explain --row on a EUR row, with currency_rates in the config, exits 0")
    func explainEuroRowBinary() throws {
        let f = euroFixture()
        let r = try runSpend(["explain", "--config", f.config, "--row", f.dump + ":3"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("Euro Software GmbH") && r.out.contains("110 kr") && r.out.contains("MATCH"))
        let a = try runSpend(["analyze", "--config", f.config, "--format", "json"])
        #expect(a.code == 0 && a.err.contains("3 rows read = 3 accepted"), "\(a.err)")
        // --row relative to the working directory, the config's rates still apply
        #expect(try runSpend(["explain", "--config", f.config, "--row", "dump.csv:3"], cwd: f.dir).code == 0)
    }

    @Test("rules check reads the invoices as analyze does: a rule only the EUR row meets is not 'never matched'")
    func rulesCheckUsesTheRates() throws {
        let f = euroFixture()
        let r = try runSpend(["rules", "check", "--config", f.config])
        #expect(r.code == 0, "\(r.err)")
        #expect(!r.out.contains("never matched"), "\(r.out)")
        #expect(r.out.contains("3 rules, 0 errors, 0 warnings"))
        // without the rates the EUR row is rejected, and the rule never fires
        let bare = try runSpend(["rules", "check", "--rules", f.dir + "/regler.csv", "--invoices", f.dump])
        #expect(bare.out.contains("regler.csv:3: warning: never matched"), "\(bare.out)")
    }

    @Test("explain, rules check, analyze and run take the same settings flags")
    func sameOptions() throws {
        for command in [["analyze"], ["run"], ["explain"], ["rules", "check"]] {
            let help = try runSpend(command + ["--help"]).out
            for flag in [
                "--config", "--invoices", "--profile", "--rules", "--currency-rates", "--parser", "--chunk-size",
            ] {
                #expect(help.contains(flag), "\(command) lacks \(flag)")
            }
        }
    }
}
