import Foundation
import Testing

@testable import SpendKit

/// The hand-made set in `Fixtures/analysis/`; every expected figure is worked out in the comments.
@Suite struct AnalysisTests {
    static let dir = repoRoot + "/Fixtures/analysis"

    static func options() -> RunOptions {
        var o = RunOptions()
        o.invoices = [dir + "/dump1.csv", dir + "/dump2.csv"]
        o.profile = "proceedo"
        o.rules = dir + "/regler.csv"
        o.contracts = dir + "/avtal.csv"
        o.organisation = dir + "/organisation.csv"
        o.settings.category = "IT"
        o.settings.directAwardThresholdAllYears = 60_000  // 600 kr
        return o
    }

    static func report() throws -> YearReport {
        let (a, ing) = try Pipeline.analyze(options())
        return try YearReport.build(year: 2022, figures: a.years[2022]!, rows: ing.counts, analyzer: a)
    }

    @Test func rowsReconcileAndOverlapIsDropped() throws {
        // 9 rows in dump1, 2 in dump2 of which T1 repeats dump1's row: 11 read, 10 accepted, 1 duplicate.
        #expect(try Self.report().rows == RowCounts(read: 11, accepted: 10, duplicates: 1))
    }

    @Test func totalsNetCreditNotes() throws {
        let r = try Self.report()
        // 1000 + 500 − 200 (credit note) + 300 + 400 + 50 + 25 + 100 = 2175 kr
        #expect(r.total == 217_500)
        #expect(r.lines == 8)
        // HW: 1000 + 500 − 200 + 400 + 50 = 1750; Lic: 300 + 25 + 100 = 425
        #expect(r.subcategories.map(\.name) == ["HW", "Lic"])
        #expect(r.subcategories.map(\.amount) == [175_000, 42_500])
        // Invoices: Atea A1 A2 A3, Tele2 T1 T2 T3, Nisses N1 N2
        #expect(r.invoices == 8)
    }

    @Test func suppliersMergeNameVariantsAndFallBackToNames() throws {
        let r = try Self.report()
        // Atea 1000 + 500 − 200 = 1300 under its most frequent name (2 of 3 lines); Tele2 300 + 400 + 100 = 800;
        // Nisses (no org number: name key "NISSES DATA") 50 + 25 = 75, names tied 1:1 → alphabetically first.
        #expect(r.suppliers.map(\.name) == ["Atea Sverige AB", "Tele2 Sverige AB", "NISSES DATA AB"])
        #expect(r.suppliers.map(\.amount) == [130_000, 80_000, 7_500])
        #expect(r.suppliers.map(\.id) == ["556036-0793", "556410-8917", ""])
        #expect(r.suppliersWithSpend == 3)
        // Pareto: Atea alone is 59.8 %, with Tele2 96.6 % ≥ 80 % → 2 suppliers; the tail is Nisses, 75 kr.
        #expect(r.suppliersFor80 == 2)
        #expect(r.tailSuppliers == 1 && r.tailAmount == 7_500)
    }

    /// A supplier whose credit notes net it below zero is in the tail: the 80 % group and the tail add up to the
    /// suppliers with spend and to the total.
    @Test func paretoTailHoldsASupplierNettingBelowZero() throws {
        let dir = tempDir()
        var o = Self.options()
        o.invoices = [
            writeFile(
                """
                Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus
                1;V1;2022-03-01;Alfa AB;556036-0793;1100;54610;100,00;OK
                2;V2;2022-03-01;Beta AB;556410-8917;1100;54610;10,00;OK
                3;V3;2022-03-01;Gamma AB;556430-0142;1100;54610;20,00;OK
                4;V4;2022-03-02;Gamma AB;556430-0142;1100;54610;-25,00;OK
                5;V5;2022-03-02;Delta AB;556677-0027;1100;54610;0,00;OK

                """, name: "d.csv", in: dir)
        ]
        o.contracts = nil
        let (a, ing) = try Pipeline.analyze(o)
        let r = try YearReport.build(year: 2022, figures: a.years[2022]!, rows: ing.counts, analyzer: a)
        #expect(r.total == 10_500 && r.suppliersWithSpend == 3)
        #expect(r.suppliersFor80 == 1)
        #expect(r.tailSuppliers == 2 && r.tailAmount == 500)
    }

    @Test func contractLoyalty() throws {
        let r = try Self.report()
        // On contract: A1 (K1 valid until 2022-06-30) 1000, T1 (K2 covers Lic) 300, T3 100 = 1400.
        // Off: A2 and A3 after K1 expired (300 net), T2 (HW, K2 is bound to Lic) 400, Nisses 75 = 775.
        #expect(r.onContract == 140_000)
        #expect(r.offContract == 77_500)
        #expect(Fmt.share(r.offContractShare) == "0.3563")  // 775 / 2175
        #expect(r.suppliers.first { $0.name == "Tele2 Sverige AB" }?.onContract == false)
    }

    @Test func boardsAndUnmappedCostCentres() throws {
        let r = try Self.report()
        // KS (1000-1999): 1000 + 500 + 300 + 400 + 100 = 2300; GR (2*): −200 + 25 = −175; kst 9999: Okänd nämnd 50.
        #expect(r.boards.map(\.name) == ["KS", "Okänd nämnd", "GR"])
        #expect(r.boards.map(\.amount) == [230_000, 5_000, -17_500])
        #expect(r.unmappedCostCentres.map(\.code) == ["9999"])
    }

    @Test func coverageAndRisks() throws {
        let r = try Self.report()
        // All spend 2175 + 10000 (Other) + 100 (no rule) = 12275; unclassified 100 → 0.0081.
        #expect(r.allSpend == 1_227_500)
        #expect(r.unclassified == 10_000)
        #expect(Fmt.share(r.unclassifiedShare) == "0.0081")
        // Direct award over 600 kr off contract in one subcategory: only Atea's HW? Atea off HW = 300 → no;
        // Tele2 off HW = 400 → no. Nothing is flagged at 600 kr; at 250 kr both are.
        #expect(r.directAwards.isEmpty)
        var o = Self.options()
        o.settings.directAwardThresholdAllYears = 25_000
        let (a, ing) = try Pipeline.analyze(o)
        let r2 = try YearReport.build(year: 2022, figures: a.years[2022]!, rows: ing.counts, analyzer: a)
        #expect(r2.directAwards.map(\.name) == ["Tele2 Sverige AB", "Atea Sverige AB"])
        // K2's ceiling of 1000 kr: 400 kr spent (T1 300 + T3 100) → 40 %.
        #expect(r.ceilings.first?.contract.id == "K2")
        #expect(r.ceilings.first?.spent == 40_000)
    }

    /// Mergeable: any split of the lines, merged in any order, gives the same summary bytes.
    @Test(arguments: [2, 3, 5])
    func aggregationIsMergeable(_ parts: Int) throws {
        let o = Self.options()
        let (whole, ing) = try Pipeline.analyze(o)
        var lines: [InvoiceLine] = []
        try Ingestor().ingest(paths: o.invoices, profile: .proceedo) { lines.append($0) }
        // Small spill budgets: the pieces' tallies go to disk with ids of their own, translated when counted.
        let make = {
            Analyzer(
                settings: whole.settings, classifier: whole.classifier, contracts: whole.contracts,
                organisation: whole.organisation,
                names: TallyNames(budget: 3))
        }
        let pieces = (0..<parts).map { _ in make() }
        for (i, l) in lines.enumerated() { pieces[(i * 7) % parts].add(l) }  // the ingestor already dropped the duplicate
        let forward = make(), backward = make()
        for p in pieces { forward.merge(p) }
        for p in pieces.reversed() { backward.merge(p) }
        func json(_ a: Analyzer) throws -> String {
            String(
                decoding: SummaryJSON().render(
                    ReportContext(
                        report: try YearReport.build(
                            year: 2022, figures: a.years[2022]!, rows: ing.counts, analyzer: a), history: [],
                        rejects: [])), as: UTF8.self)
        }
        #expect(try json(forward) == json(whole))
        #expect(try json(backward) == json(whole))
    }
}

@Suite struct CSVOutputTests {
    @Test func csvIsExcelSafe() {
        var w = CSVWriter(header: ["namn", "belopp"])
        w.row([.text("=HYPERLINK(\"http://x\")"), .number("-12,50")])
        w.row([.text("Bolag; med semikolon"), .number("1,00")])
        let s = String(decoding: w.bytes, as: UTF8.self)
        #expect(w.bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
        #expect(s.contains("\"'=HYPERLINK(\"\"http://x\"\")\";-12,50\r\n"))
        #expect(s.contains("\"Bolag; med semikolon\";1,00\r\n"))
    }

    @Test func negativeSharesStayNumbersInCSV() throws {
        let dir = tempDir()
        var o = AnalysisTests.options()
        o.outDir = dir
        _ = try Pipeline.run(o)
        let boards = try String(contentsOfFile: dir + "/2022/boards.csv", encoding: .utf8)
        // GR nets to −175 kr of 2175 kr: −8,0 % written with an ASCII minus so Excel reads a number.
        #expect(boards.contains("GR;-175,00;-8,0;2;2;-175,00"))
    }
}
