import Foundation
import GRDB
import Testing

@testable import SpendKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Issue 17: the analyst's deliverables ready to hand on; one test per numbered point (point 1, print, is PrintTests).
@Suite("Deliverables")
struct DeliverablesTests {
    /// IT och telekom in 2021 and 2022 (half off contract in 2021, a tenth in 2022), between two larger categories,
    /// with unclassified spend.
    static func plan() -> DeliverableFixture {
        var f = DeliverableFixture()
        typealias F = DeliverableFixture
        f.contract("A1", "Atea Sverige AB", sub: "", from: "2020-01-01", to: "2026-12-31")
        f.contract("A2", "Iver AB", sub: "", from: "2020-01-01", to: "2026-12-31")
        f.line("2021-03-01", "Atea Sverige AB", F.licences, "500000,00")
        f.line("2021-04-01", "Konsult AB", F.consultants, "500000,00")
        f.line("2022-03-01", "Atea Sverige AB", F.licences, "1550000,00")
        f.line("2022-04-01", "Iver AB", F.hardware, "250000,00", kst: "2100")
        f.line("2022-05-01", "Konsult AB", F.consultants, "200000,00")
        f.line("2022-06-01", "Bygg AB", F.building, "9000000,00")
        f.line("2022-06-01", "Vård AB", F.care, "1000000,00")
        f.line("2022-06-01", "Okänd AB", F.unknown, "100000,00")
        return f
    }

    @Test(
        "2. bilaga3: the plan's voice, Bild 4–7 as files, consistent decimals, no working notes, the reconciliation apart"
    )
    func bilaga3() throws {
        let f = Self.plan()
        _ = writeFile(
            "source = \"kategoriplanens bilaga 3\"\n[2022]\ntotal_mkr = 2.5\nsubcategory_mkr = { \"IT-hårdvra\" = 0.1 }\n"
                + "[2019]\ntotal_mkr = 4.2\n", name: "publicerat.toml", in: f.dir)
        let r = try f.analyze(["--published", "publicerat.toml"])
        #expect(r.code == 0, "\(r.err)")
        // a name the data lacks, and a year the run has no report of, are said in words
        #expect(r.err.contains("the published figures of 2019 are compared with nothing"), "\(r.err)")
        let note = try f.text("avstamning.md")
        #expect(note.contains("publicerat 0,1 miljoner kr, men underlaget har inget med det namnet"), "\(note)")
        #expect(note.contains("Publicerade siffror för 2019 jämförs inte"), "\(note)")
        let md = try f.text("bilaga3.md").replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(
            md.contains(
                "IT och telekom är den näst största kategorin av kommunens totalt 3 kategorier och står idag för"))
        #expect(
            md.contains(
                "Dock ska tilläggas att fördelningen påverkas av definitionen av vad som ska kategoriseras som IT"))
        #expect(md.contains("0,1 miljoner kr (0,8 % av kommunens spend) har inte kunnat föras till någon kategori"))
        // the earlier year's share, which "ökat markant" rests on
        #expect(
            md.contains(
                "Andelen köp utanför avtal var 50,0 % (0,5 miljoner kr) år 2021 och 10,0 % (0,2 miljoner kr) år 2022."),
            "\(md)")
        #expect(md.contains("Leverantörstroheten har ökat markant mellan 2021 och 2022"))
        for n in 4...7 {
            #expect(
                md.contains("![Bild \(n): ") && md.contains("](bild-\(n).svg)") && md.contains("\n*Bild \(n): "),
                "Bild \(n)")
            let svg = try f.text("bild-\(n).svg")
            #expect(XMLParser(data: Data(svg.utf8)).parse(), "bild-\(n).svg is not well-formed XML")
            #expect(svg.contains("<title id=\"f\(n)-title\">Bild \(n): "))
        }
        for note in ["seed", "Figur", "Avstämning", "publicerat"] { #expect(!md.contains(note), "\(note)") }
        // one number of decimals per money column of the table
        let table = md.split(separator: "\n").filter {
            $0.hasPrefix("| ") && !$0.hasPrefix("| Underkategori") && !$0.hasPrefix("| ---")
        }
        let decimals = Set(
            table.flatMap { row in
                row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.enumerated()
                    .filter { [1, 4].contains($0.offset) && $0.element != "–" }.map {
                        $0.element.split(separator: ",").last?.count ?? 0
                    }
            })
        #expect(table.count == 3 && decimals == [2], "\(table)")
        let html = try f.text("bilaga3.html")
        #expect(
            html.contains("<h2>10.1 Spendanalys</h2>") && html.contains("<table")
                && !html.lowercased().contains("<script"))
        for n in 4...7 { #expect(html.contains("<img src=\"bild-\(n).svg\"")) }
        let reconciliation = try f.text("avstamning.md")
        #expect(
            reconciliation.contains("| Total spend | 2022 | 2,5 miljoner kr | 2,0 miljoner kr | nej |"),
            "\(reconciliation)")
        // without published figures there is nothing to reconcile, and the file says so (no stale reconciliation stays)
        #expect(try f.analyze().code == 0)
        #expect(try f.text("avstamning.md").contains("Inga publicerade siffror är angivna"))
    }

    @Test("2. bilaga3 of the reference data set states what the plan states, with the data's figures")
    func bilaga3OfTheReferenceDataSet() throws {
        #expect(try ReferenceDataSetTests.run().code == 0)
        let year = try ReferenceDataSetTests.run().dir + "/Reports/2022/"
        let md = try String(contentsOfFile: year + "bilaga3.md", encoding: .utf8).replacingOccurrences(
            of: "\u{A0}", with: " ")
        for statement in [
            "Kategori IT och telekom hade en total spend på ca 163,0 miljoner kr 2022 (139,6 miljoner kr år 2021).",
            "IT och telekom är den tredje största kategorin av kommunens totalt 9 kategorier och står idag för knappt 10 % (9,9 %) av kommunens spend.",
            "Dock ska tilläggas att fördelningen påverkas av definitionen av vad som ska kategoriseras som IT",
            "Kommunen köper inom kategorin från 195 olika leverantörer (2021 var antalet 219).",
            "Den största beställande verksamheten inom kategorin är Kommunstyrelsen (51,2 %), följt av Grundskolenämnden (22,5 %), "
                + "Vård- och omsorgsnämnden (8,2 %) samt Gymnasie- och arbetsmarknadsnämnden (7,7 %).",
            "Inom Verksamhetssystem är Kommunstyrelsen (53,3 %), Vård- och omsorgsnämnden (15,8 %) och Grundskolenämnden (14,1 %) största köpare.",
            "IT-konsulter köps nästan uteslutande av Kommunstyrelsen (95,5 %), likaså IT-programvara och licenser (77,8 %).",
            "där endast 14,2 % (23,15 miljoner kr) köptes från ej avtalad och/eller registrerad leverantör år 2022.",
            "Andelen köp utanför avtal var 36,8 % (56,9 miljoner kr) år 2020, 20,1 % (28,0 miljoner kr) år 2021 och 14,2 % (23,15 miljoner kr) år 2022.",
            "Leverantörstroheten har ökat markant mellan 2020 och 2021",
            "Avtalstroheten kan dock öka mer för IT-konsulter och Övrigt IT, där det 2022 köptes 73,5 % (7,2 miljoner kr) respektive 72,5 % (1,45 miljoner kr) utanför avtal",
        ] { #expect(md.contains(statement), "\(statement)") }
        let reconciliation = try String(contentsOfFile: year + "avstamning.md", encoding: .utf8)
        #expect(
            reconciliation.contains(
                "- Köp utanför avtal 2022: publicerat 23,4 miljoner kr, underlaget ger 23,15 miljoner kr."))
        #expect(
            reconciliation.contains(
                "- Andel Verksamhetssystem av kategorin 2022: publicerat 26,9 %, underlaget ger 25,9 %."))
    }

    @Test("3. a ceiling is forecast only within the contract's life")
    func ceilings() throws {
        var f = DeliverableFixture()
        f.contract("LONG", "Atea Sverige AB", sub: "", from: "2022-01-01", to: "2022-12-31", ceiling: "10000000")
        f.contract("SOON", "Iver AB", sub: "", from: "2022-01-01", to: "2026-12-31", ceiling: "300000")
        f.contract("DONE", "Dell AB", sub: "", from: "2022-01-01", to: "2026-12-31", ceiling: "100000")
        f.line("2022-03-01", "Atea Sverige AB", DeliverableFixture.hardware, "100000,00")
        f.line("2022-03-01", "Iver AB", DeliverableFixture.hardware, "100000,00")
        f.line("2022-06-30", "Iver AB", DeliverableFixture.hardware, "100000,00")
        f.line("2022-03-01", "Dell AB", DeliverableFixture.hardware, "150000,00")
        #expect(try f.analyze().code == 0)
        let rows = Dictionary(uniqueKeysWithValues: try f.rows("ceilings.csv").map { ($0[0], $0) })
        #expect(rows["LONG"]?[6...] == ["2022-12-31", "", "nås inte före avtalets slut"])
        #expect(rows["DONE"]?[7...] == ["", "taket är nått"])
        let soon = try #require(rows["SOON"])
        // 200 000 of 300 000 kr in the 181 days to the data's last day, 2022-06-30: the rest in 91 days more
        #expect(soon[7] == "2022-09-29" && soon[8] == "2022-09-29", "\(soon)")
        for r in rows.values where !r[7].isEmpty { #expect(r[7] <= r[6]) }
        let md = try f.text("report.md").replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(
            md.contains(
                "| LONG Avtal LONG | 10 000 000 kr | 100 000 kr | 1,0 % | 2022-12-31 | nås inte före avtalets slut |"),
            "\(md)")
    }

    @Test("4. the Pareto chart names the largest suppliers, has ticks and a legend, and marks spend off contract")
    func pareto() throws {
        var f = DeliverableFixture()
        for i in 1...12 {
            let name = "Leverantör \(i) AB"
            if i % 4 != 0 { f.contract("K\(i)", name, sub: "", from: "2020-01-01", to: "2026-12-31") }
            f.line("2022-03-01", name, DeliverableFixture.hardware, "\(13 - i)00000,00")
        }
        #expect(try f.analyze().code == 0)
        let svg = try f.text("bild-5.svg")
        for i in 1...12 { #expect(svg.contains(">\(i). Leverantör \(i) AB</text>"), "\(i)") }
        for legend in [
            "spend med avtal", "spend utanför avtal", "kumulativ andel (övre skala)", "50 % och 80 %",
            "spend, mnkr (nedre skala)",
        ] {
            #expect(svg.contains(">\(legend)</text>"), "\(legend)")
        }
        // ticks: 0–1,5 mnkr below in steps of 0,5 (the largest is 1,2 mnkr), and the share scale above
        for tick in ["0", "0,5", "1,0", "1,5", "0 %", "50 %", "80 %", "100 %"] {
            #expect(svg.contains(">\(tick)</text>"), "\(tick)")
        }
        // three suppliers (4, 8, 12) off contract: one orange bar each, and one in the legend
        #expect(svg.components(separatedBy: "fill=\"\(SVGChart.orange)\"").count - 1 == 3 + 1)
        let html = try f.text("report.html")
        #expect(html.contains(">4. Leverantör 4 AB</text>") && html.contains("<title id=\"f5-title\">Figur 5: "))
    }

    @Test("5. the re-procurement list: contracts with spend, past start-by dates flagged, the date a column of its own")
    func reprocurement() throws {
        var f = DeliverableFixture()
        f.contract("PAST", "Atea Sverige AB", sub: "IT-hårdvara", from: "2020-01-01", to: "2023-06-30")
        f.contract("NEXT", "Iver AB", sub: "IT-hårdvara", from: "2020-01-01", to: "2024-12-31")
        f.contract(
            "TILLAGG", "Iver AB", sub: "IT-hårdvara", from: "2022-01-01", to: "2023-12-31", name: "Tilläggsavtal 1")
        f.line("2022-03-01", "Atea Sverige AB", DeliverableFixture.hardware, "1000,00")
        f.line("2022-09-30", "Iver AB", DeliverableFixture.hardware, "2000,00")
        #expect(try f.analyze().code == 0)
        let table = try f.table("reprocurement.csv")
        #expect(
            table[0] == [
                "avtal_id", "avtal", "leverantör", "underkategori", "löper_ut", "ledtid_månader", "starta_senast",
                "passerat", "belopp_sek",
            ])
        #expect(
            Array(table.dropFirst()) == [
                [
                    "PAST", "Avtal PAST", "Atea Sverige AB", "IT-hårdvara", "2023-06-30", "18", "2021-12-30", "ja",
                    "1000,00",
                ],
                ["NEXT", "Avtal NEXT", "Iver AB", "IT-hårdvara", "2024-12-31", "18", "2023-06-30", "nej", "2000,00"],
            ])
        let md = try f.text("report.md")
        #expect(md.contains("1 av 2 avtal borde redan ha börjat upphandlas per 2022-09-30"))
        #expect(!md.contains("Tilläggsavtal"))
        // in the workbook a date cell (serial number, date format), not text
        let xlsx = String(
            decoding: try #require(FileManager.default.contents(atPath: f.dir + "/out/2022/spend.xlsx")), as: UTF8.self)
        let serial = Day(year: 2021, month: 12, day: 30)!.ordinal + 25_569
        #expect(xlsx.contains("<c r=\"G2\" s=\"6\"><v>\(serial)</v></c>"))
        #expect(xlsx.contains("<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd\"/>"))
    }

    @Test("5. an extension that ends before its contract: planned from giltig_till, with a warning naming it")
    func extensionBeforeEnd() throws {
        var f = DeliverableFixture()
        f.contract("SLIP", "Iver AB", sub: "IT-hårdvara", from: "2020-01-01", to: "2024-12-31", extension: "2023-12-31")
        f.contract("OK", "Atea Sverige AB", sub: "IT-hårdvara", from: "2020-01-01", to: "2023-06-30", extension: "2024-06-30")
        f.line("2022-03-01", "Atea Sverige AB", DeliverableFixture.hardware, "1000,00")
        f.line("2022-09-30", "Iver AB", DeliverableFixture.hardware, "2000,00")
        let run = try f.analyze()
        #expect(run.code == 0)
        #expect(
            run.err.contains(
                "contract SLIP: forlangning_till 2023-12-31 is before giltig_till 2024-12-31, so its procurement is planned from giltig_till"
            ), "\(run.err)")
        #expect(!run.err.contains("contract OK:"))
        let rows = Array(try f.table("reprocurement.csv").dropFirst())
        #expect(rows.map { Array($0[0..<7]) } == [
            ["OK", "Avtal OK", "Atea Sverige AB", "IT-hårdvara", "2024-06-30", "18", "2022-12-30"],
            ["SLIP", "Avtal SLIP", "Iver AB", "IT-hårdvara", "2024-12-31", "18", "2023-06-30"],
        ])
    }

    @Test("6. one kind of row per table: totals apart from breakdowns, so every column sums to what it should")
    func oneKindOfRow() throws {
        var f = DeliverableFixture()
        typealias F = DeliverableFixture
        f.contract("A1", "Atea Sverige AB", sub: "", from: "2020-01-01", to: "2026-12-31")
        f.line("2022-03-01", "Atea Sverige AB", F.licences, "1000,00", avtal: "A1")
        f.line("2022-03-01", "Atea Sverige AB", F.hardware, "500,00", kst: "2100", avtal: "X9")
        f.line("2022-03-01", "Konsult AB", F.consultants, "300,00", kst: "2100")
        f.line("2022-03-01", "Okänd AB", F.unknown, "70,00")
        f.line("2022-03-01", "Annan AB", "88888", "30,00")
        #expect(try f.analyze().code == 0)
        let total = F.ore(try f.rows("years.csv")[0][1])
        #expect(total == 180_000)
        func sum(_ file: String, _ column: Int) throws -> Int64 {
            try f.rows(file).map { F.ore($0[column]) }.reduce(0, +)
        }
        #expect(try sum("boards.csv", 1) == total)
        #expect(try sum("subcategories.csv", 1) == total)
        #expect(try sum("loyalty.csv", 2) == total)
        #expect(try sum("board_subcategories.csv", 2) == total)
        #expect(try sum("subcategory_suppliers.csv", 4) == total)
        #expect(try sum("unclassified.csv", 2) == 10_000 && sum("unclassified_accounts.csv", 1) == 10_000)
        #expect(try f.rows("contract_refs.csv") == [["giltigt avtal", "1000,00"], ["okänt avtal", "500,00"]])
        for file in CSVTableFormat.all.map(\.fileName) {
            let t = try f.table(file)
            #expect(t.allSatisfy { $0.count == t[0].count }, "\(file)")
            let mixed = t.dropFirst().joined().filter { $0.hasPrefix("(alla)") || $0.hasPrefix("avtalsreferens") }
            #expect(mixed.isEmpty, "\(file): \(mixed)")
        }
        #expect(
            try f.table("risks.csv")[0] == [
                "leverantör_id", "leverantör", "underkategori", "ej_avtal_sek", "gräns_sek",
            ])
    }

    @Test("6e. one invoice from one supplier reads in the singular: 1 faktura, 1 leverantör, den största leverantören")
    func swedishSingulars() throws {
        var f = DeliverableFixture()
        f.line("2022-03-01", "Atea Sverige AB", DeliverableFixture.licences, "1000,00")
        #expect(try f.analyze().code == 0)
        let text = try ["report.md", "bilaga3.md"].map {
            try String(contentsOfFile: f.dir + "/out/2022/" + $0, encoding: .utf8)
        }.joined()
        for wrong in ["1 fakturor", "1 leverantörer", "1 konteringsrader", "de 1 största", "De 1 största", "1 olika"] {
            #expect(!text.contains(wrong), "\(wrong)")
        }
        #expect(text.contains("1 faktura") && text.contains("1 konteringsrad") && text.contains("1 leverantör"))
    }

    @Test("6c. the unclassified tables list every supplier and account, so they add up to the unclassified spend")
    func everyUnclassifiedRow() throws {
        var f = DeliverableFixture()
        typealias F = DeliverableFixture
        f.line("2022-03-01", "Atea Sverige AB", F.licences, "1000,00")
        for i in 0..<205 { f.line("2022-03-01", "Leverantör \(i) AB", "\(88000 + i)", i == 204 ? "-5,00" : "10,00") }
        #expect(try f.analyze().code == 0)
        let accounts = try f.rows("unclassified_accounts.csv"), suppliers = try f.rows("unclassified.csv")
        #expect(accounts.count == 205 && suppliers.count == 205)
        let unclassified: Int64 = 204 * 1_000 - 500
        #expect(accounts.map { F.ore($0[1]) }.reduce(0, +) == unclassified)
        #expect(suppliers.map { F.ore($0[2]) }.reduce(0, +) == unclassified)
    }

    @Test("6d. a share in the workbook is the CSV's, rounded once from the exact ratio", arguments: [
        (Ratio(84_649_997, 100_000_000), "0.846"), (Ratio(8465, 10_000), "0.847"), (Ratio(1, 1), "1.000"),
        (Ratio(-5, 1000), "-0.005"), (Ratio(0, 7), "0.000"), (Ratio(2, 3), "0.667"),
    ])
    func workbookShares(ratio: Ratio, expected: String) {
        #expect(XLSXFormat.fraction(ratio) == expected)
        #expect(ratio.scaled(3) == Int64((Double(expected)! * 1000).rounded()))  // the tenths the CSV prints
    }

    @Test(
        "6b. the buyers' table adds up to the category's spend: lines that name no buyer get a row of their own",
        arguments: [
            ([:], [] as [String]), (["Lambeth": 100], ["Okänd köpare 300", "Lambeth 100"]),
            (["A": 250, "B": 150], ["A 250", "B 150"]), (["A": 500, "B": -100], ["A 500", "B -100"]),
        ] as [([String: Int64], [String])])
    func buyersAddUp(buyers: [String: Int64], expected: [String]) {
        let rows = YearReport.buyerRows(buyers, total: 400).sorted { $0.amount > $1.amount }
        #expect(rows.map { "\($0.name) \($0.amount)" } == expected)
    }

    @Test(
        "7. the workbook: years as plain integers, filter ranges LibreOffice sees, Swedish sheet names and the CSVs' headers"
    )
    func workbook() throws {
        let f = Self.plan()
        #expect(try f.analyze().code == 0)
        let xlsx = String(
            decoding: try #require(FileManager.default.contents(atPath: f.dir + "/out/2022/spend.xlsx")), as: UTF8.self)
        let workbook = try #require(
            xlsx.range(of: "<workbook").flatMap { s in
                xlsx.range(of: "</workbook>").map { String(xlsx[s.lowerBound..<$0.upperBound]) }
            })
        let sheets = CSVTableFormat.all
        for (i, s) in sheets.enumerated() {
            #expect(workbook.contains("<sheet name=\"\(s.sheet)\" sheetId=\"\(i + 1)\""), "\(s.sheet)")
            #expect(s.sheet.count <= 31 && !s.sheet.contains { "[]:*?/\\".contains($0) })
            #expect(
                workbook.contains(
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">&#39;\(s.sheet)&#39;!$A$1:$"
                ), "\(s.sheet)")
        }
        #expect(Set(sheets.map(\.sheet)).count == sheets.count)
        // each sheet's header row is its CSV's header
        let parts = xlsx.components(separatedBy: "<worksheet").dropFirst()
        #expect(parts.count == sheets.count)
        for (part, s) in zip(parts, sheets) {
            let firstRow = String(
                part[part.range(of: "<row r=\"1\">")!.upperBound..<part.range(of: "</row>")!.lowerBound])
            let cells = firstRow.components(separatedBy: "<t xml:space=\"preserve\">").dropFirst().map {
                String($0.prefix { $0 != "<" })
            }
            #expect(cells == (try f.table(s.fileName)[0]), "\(s.sheet)")
        }
        // years: the style with number format 1 ("0"), never grouped
        #expect(
            xlsx.contains(
                "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"))
        let years = try #require(parts.dropFirst(sheets.firstIndex { $0.fileName == "years.csv" }!).first)
        #expect(
            years.contains("<c r=\"A2\" s=\"5\"><v>2021</v></c>")
                && years.contains("<c r=\"A3\" s=\"5\"><v>2022</v></c>"))
    }

    @Test(
        "7. LibreOffice opens the workbook with a filter on every sheet",
        .enabled(if: ReportTests.soffice != nil, "LibreOffice is not installed (make deps-test installs it)"))
    func workbookFiltersInLibreOffice() throws {
        let f = Self.plan()
        #expect(try f.analyze(["--format", "xlsx"]).code == 0)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ReportTests.soffice!)
        p.arguments = [
            "-env:UserInstallation=file://" + f.dir + "/profile", "--headless", "--convert-to", "fods", "--outdir",
            f.dir, f.dir + "/out/2022/spend.xlsx",
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let flat = try String(contentsOfFile: f.dir + "/spend.fods", encoding: .utf8)
        #expect(
            flat.components(separatedBy: "table:display-filter-buttons=\"true\"").count - 1 == CSVTableFormat.all.count)
        #expect(
            flat.contains("table:target-range-address=\"År.A1:År.I3\""),
            "the years sheet's filter covers its header and two years")
    }

    @Test(
        "8. the database names suppliers as the reports do, has loyalty only where contracts exist, and relative paths")
    func database() throws {
        var f = DeliverableFixture()
        f.contract("A1", "Atea Sverige AB", sub: "", from: "2020-01-01", to: "2026-12-31")
        f.line("2022-03-01", "Atea Sverige AB", DeliverableFixture.hardware, "100,00")
        f.line("2022-03-02", "Atea Sverige AB", DeliverableFixture.hardware, "100,00")
        f.line("2022-03-03", "ATEA SVERIGE AB", DeliverableFixture.hardware, "100,00")
        f.line("2022-03-04", "Bygg AB", DeliverableFixture.building, "100,00")
        f.line("2022-03-05", "Bygg AB", DeliverableFixture.building, "100,00", status: "PENDING")
        f.write()
        try FileManager.default.createDirectory(atPath: f.dir + "/conf", withIntermediateDirectories: true)
        _ = writeFile(
            """
            [input]
            invoices = ["../dumps/dump.csv"]
            [reference]
            rules = "../regler.csv"
            contracts = "../avtal.csv"
            [analysis]
            category = "IT och telekom"
            [output]
            dir = "../out"
            formats = ["csv", "sqlite"]

            """, name: "conf/spend.toml", in: f.dir)
        let r = try runSpend(["analyze", "--config", f.dir + "/conf/spend.toml"])
        #expect(r.code == 0, "\(r.err)")
        #expect(try f.rows("suppliers.csv")[0][2] == "Atea Sverige AB")
        #expect(try f.rows("excluded.csv") == [["../dumps/dump.csv", "6", "status PENDING"]])
        let db = try DatabaseQueue(path: f.dir + "/out/spend.sqlite")
        let (name, loyalty, off, paths) = try db.read { db in
            (
                try String.fetchOne(
                    db, sql: "SELECT supplier_name FROM supplier_spend WHERE category = 'IT och telekom'"),
                try String.fetchAll(db, sql: "SELECT category FROM contract_loyalty"),
                try Row.fetchAll(
                    db, sql: "SELECT off_contract_sek FROM subcategory_spend WHERE category = 'Bygg och fastighet'"
                ).map { $0[0] as DatabaseValue },
                try String.fetchAll(db, sql: "SELECT path FROM files")
            )
        }
        #expect(name == "Atea Sverige AB")
        #expect(loyalty == ["IT och telekom"])
        #expect(off == [.null])
        #expect(paths == ["../dumps/dump.csv"])
        // without a config: relative to the current directory
        let plain = try runSpend(
            [
                "analyze", "--invoices", f.dir + "/dumps/dump.csv", "--rules", "regler.csv", "--out", "out2",
                "--format", "csv",
            ], cwd: f.dir)
        #expect(plain.code == 0, "\(plain.err)")
        let excluded = try String(contentsOfFile: f.dir + "/out2/2022/excluded.csv", encoding: .utf8)
        #expect(excluded.contains("dumps/dump.csv;6;status PENDING") && !excluded.contains(f.dir), "\(excluded)")
    }

    @Test("9. spend analyze writes every format but sqlite unless told otherwise")
    func defaultFormats() throws {
        let f = Self.plan()
        #expect(try f.analyze().code == 0)
        for file in [
            "summary.json", "suppliers.csv", "report.md", "bilaga3.md", "report.html", "bilaga3.html", "bild-5.svg",
            "spend.xlsx",
        ] {
            #expect(FileManager.default.fileExists(atPath: f.dir + "/out/2022/" + file), "\(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: f.dir + "/out/spend.sqlite"))
        #expect(RunOptions().formats == ["json", "csv", "md", "html", "xlsx"])
    }
}
