import Foundation
import Testing

@testable import SpendKit

/// Issue 17 point 10: board × subcategory, the suppliers of each subcategory, spend by month, and direct-award risk
/// summed over the purchases of the same kind (a subcategory) across suppliers, with each year's threshold.
@Suite("New report sections")
struct AnalysisSectionsTests {
    typealias F = DeliverableFixture

    @Test("spend by month: a table that sums to the total, and a chart (reference path, --parser libcsv)")
    func months() throws {
        var f = F()
        f.line("2022-01-15", "Atea Sverige AB", F.hardware, "100,00")
        f.line("2022-03-01", "Atea Sverige AB", F.hardware, "250,00")
        f.line("2022-03-31", "Iver AB", F.licences, "-50,00")
        f.line("2022-12-31", "Iver AB", F.licences, "700,00")
        f.line("2021-12-31", "Iver AB", F.licences, "999,00")
        #expect(try f.analyze(["--parser", "libcsv"]).code == 0)
        let rows = try f.rows("months.csv")
        #expect(rows.map { $0[1] } == (1...12).map(String.init))
        #expect(rows.allSatisfy { $0[0] == "2022" })
        let amounts = rows.map { F.ore($0[2]) }
        #expect(amounts == [10_000, 0, 20_000, 0, 0, 0, 0, 0, 0, 0, 0, 70_000])
        #expect(amounts.reduce(0, +) == F.ore(try f.rows("years.csv").last![1]))
        let md = try f.text("report.md").replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(md.contains("## Spend per månad") && md.contains("| mar | 200 kr | 20,0 % | 30,0 % |"), "\(md)")
        let html = try f.text("report.html")
        #expect(
            html.contains("<title id=\"f8-title\">Figur 8: Spend per månad 2022</title>")
                && html.contains(">dec</text>"))
    }

    @Test("YearFigures sums per month, merges them, ignores a month out of range and flags an overflow")
    func monthFigures() {
        let names = TallyNames()
        var a = YearFigures(names: names), b = YearFigures(names: names)
        a.recordMonth(1, amount: 100)
        a.recordMonth(13, amount: 5)
        a.recordMonth(0, amount: 5)
        b.recordMonth(1, amount: 50)
        b.recordMonth(12, amount: -20)
        a.merge(b)
        #expect(a.months == [150, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -20])
        #expect(!a.overflow)
        a.recordMonth(2, amount: .max)
        a.recordMonth(2, amount: 1)
        #expect(a.overflow)
    }

    @Test("board × subcategory: each board's share of every subcategory, in a table of its own")
    func boardMatrix() throws {
        var f = F()
        f.line("2022-03-01", "Atea Sverige AB", F.hardware, "300,00")
        f.line("2022-03-01", "Atea Sverige AB", F.hardware, "100,00", kst: "2100")
        f.line("2022-03-01", "Iver AB", F.licences, "200,00")
        #expect(try f.analyze().code == 0)
        #expect(
            try f.rows("board_subcategories.csv") == [
                ["IT-hårdvara", "Kommunstyrelsen", "300,00", "75,0"],
                ["IT-hårdvara", "Grundskolenämnden", "100,00", "25,0"],
                ["IT-programvara och licenser", "Kommunstyrelsen", "200,00", "100,0"],
            ])
        let md = try f.text("report.md").replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(md.contains("| Nämnd | IT-hårdvara | IT-programvara och licenser | Hela kategorin |"))
        #expect(
            md.contains("| Kommunstyrelsen | 75,0 % | 100,0 % | 83,3 % |")
                && md.contains("| Grundskolenämnden | 25,0 % | – | 16,7 % |"), "\(md)")
    }

    @Test("suppliers per subcategory: all in the CSV, ranked within the subcategory; the five largest in the report")
    func subcategorySuppliers() throws {
        var f = F()
        for i in 1...6 { f.line("2022-03-01", "Konsult \(i) AB", F.consultants, "\(70 - i * 10),00") }
        f.line("2022-03-01", "Konsult 1 AB", F.hardware, "5,00")
        #expect(try f.analyze().code == 0)
        let rows = try f.rows("subcategory_suppliers.csv")
        #expect(
            rows.map { "\($0[0]) \($0[1]) \($0[3]) \($0[4]) \($0[5])" } == [
                "IT-konsulter 1 Konsult 1 AB 60,00 28,6", "IT-konsulter 2 Konsult 2 AB 50,00 23,8",
                "IT-konsulter 3 Konsult 3 AB 40,00 19,0",
                "IT-konsulter 4 Konsult 4 AB 30,00 14,3", "IT-konsulter 5 Konsult 5 AB 20,00 9,5",
                "IT-konsulter 6 Konsult 6 AB 10,00 4,8",
                "IT-hårdvara 1 Konsult 1 AB 5,00 100,0",
            ])
        let md = try f.text("report.md").replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(
            md.contains("## Leverantörer per underkategori")
                && md.contains("| IT-konsulter | 5 | Konsult 5 AB | 20 kr | 9,5 % | 20 kr |"))
        #expect(!md.contains("| IT-konsulter | 6 |"))
    }

    @Test(
        "direct-award risk per kind: off-contract spend of a subcategory summed over suppliers, against each year's threshold"
    )
    func directAwardPerKind() throws {
        var f = F()
        for year in [2021, 2022] {
            for name in ["Konsult C AB", "Konsult A AB", "Konsult B AB"] {
                f.line("\(year)-05-01", name, F.consultants, "300000,00")
            }
        }
        f.write()
        _ = writeFile(
            """
            [input]
            invoices = ["dumps/dump.csv"]
            [reference]
            rules = "regler.csv"
            contracts = "avtal.csv"
            organisation = "organisation.csv"
            [analysis]
            category = "IT och telekom"
            direct_award_threshold = { 2021 = 1000000, 2022 = 700000 }
            [output]
            dir = "out"
            formats = ["csv", "md"]

            """, name: "spend.toml", in: f.dir)
        let r = try runSpend(["analyze", "--config", f.dir + "/spend.toml"])
        #expect(r.code == 0, "\(r.err)")
        #expect(
            try f.rows("direct_award_kinds.csv", year: 2021) == [
                ["IT-konsulter", "900000,00", "3", "Konsult A AB", "300000,00", "1000000,00", "nej"]
            ])
        #expect(
            try f.rows("direct_award_kinds.csv", year: 2022) == [
                ["IT-konsulter", "900000,00", "3", "Konsult A AB", "300000,00", "700000,00", "ja"]
            ])
        // no single supplier is over the threshold: the per-supplier list stays empty
        #expect(try f.rows("risks.csv", year: 2022).isEmpty)
        let md = try f.text("report.md")
        #expect(md.contains("1 underkategori har köp utanför avtal över gränsen."))
        #expect(try f.text("report.md", year: 2021).contains("Ingen underkategori har köp utanför avtal över gränsen."))
        #expect(
            try f.text("bilaga3.md").contains(
                "Köpen utanför avtal överstiger den inom IT-konsulter (0,9 miljoner kr hos 3 leverantörer)."))
        // without a threshold the report says so
        #expect(try f.analyze(["--format", "md"]).code == 0)
        #expect(try f.text("report.md").contains("Ingen direktupphandlingsgräns är angiven för 2022"))
    }
}
