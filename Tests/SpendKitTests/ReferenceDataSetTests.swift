import Foundation
import Testing

/// End to end: `spend fixtures` then `spend analyze`, and every figure of SPEC §6 read back from summary.json.
@Suite(.serialized) struct ReferenceDataSetTests {
    typealias Run = (dir: String, summaries: [Int: [String: Any]], stderr: String, code: Int32)
    /// Made once, then only read (JSON objects are not `Sendable`, though nothing mutates them); if making it throws,
    /// each test that reads it fails with the error, not the whole run.
    nonisolated(unsafe) static let made: Result<Run, any Error> = Result {
        let dir = tempDir()
        let data = dir + "/ref", out = dir + "/Reports"
        _ = try runSpend(["fixtures", "--out", data])
        let r = try runSpend([
            "analyze", "--invoices", data + "/ledger/proceedo-2020.csv", data + "/ledger/proceedo-2021.csv",
            data + "/ledger/proceedo-2022.csv", data + "/ledger/proceedo-omexport-2022-12.csv",
            "--profile", "proceedo", "--rules", data + "/regler.csv", "--contracts", data + "/avtal.csv",
            "--org", data + "/organisation.csv", "--category", "IT och telekom", "--out", out,
            "--published", repoRoot + "/Fixtures/published/seed002-bilaga3.toml", "--format", "json,csv,md,html,xlsx",
        ])
        var s: [Int: [String: Any]] = [:]
        for y in [2020, 2021, 2022] {
            if let d = FileManager.default.contents(atPath: "\(out)/\(y)/summary.json") {
                s[y] = try JSONSerialization.jsonObject(with: d) as? [String: Any]
            }
        }
        return (dir, s, r.err, r.code)
    }
    static func run() throws -> Run { try made.get() }

    func summary(_ y: Int) throws -> [String: Any] { try #require(Self.run().summaries[y]) }
    func msek(_ v: Any?) -> Double { ((v as? Double) ?? 0) / 1_000_000 }
    func list(_ s: [String: Any], _ k: String) -> [[String: Any]] { s[k] as? [[String: Any]] ?? [] }
    func pct(_ v: Any?) -> Double { ((v as? Double) ?? -1) * 100 }

    @Test func runSucceedsAndReconciles() throws {
        #expect(try Self.run().code == 0)
        let rows = try #require(summary(2022)["rows"] as? [String: Int])
        #expect(rows["read"] == rows["accepted"]! + rows["rejected"]! + rows["excluded"]! + rows["duplicates"]!)
        #expect(rows["duplicates"]! > 0)  // the overlapping December dump
        #expect(rows["excluded"]! > 0)  // CANCELED and PENDING rows
        #expect(rows["rejected"] == 0)
    }

    @Test(arguments: [(2020, 154.60), (2021, 139.60), (2022, 163.00)])
    func totals(_ year: Int, _ expected: Double) throws {
        #expect(abs(msek(try summary(year)["total"]) - expected) < 0.000_001)
    }

    @Test func supplierCounts() throws {
        #expect(try summary(2021)["suppliers"] as? Int == 219)
        #expect(try summary(2022)["suppliers"] as? Int == 195)
    }

    @Test func offContract() throws {
        let l20 = try #require(try summary(2020)["loyalty"] as? [String: Double])
        #expect(abs(l20["off_contract"]! - 56_900_000) < 1)
        #expect(abs(pct(l20["off_contract_share"]) - 36.8) < 0.05)
        let l22 = try #require(try summary(2022)["loyalty"] as? [String: Double])
        #expect(abs(l22["off_contract"]! - 23_150_000) < 1)
        #expect(abs(pct(l22["off_contract_share"]) - 14.2) < 0.05)
        let kons = list(try summary(2022), "subcategories").first { $0["name"] as? String == "IT-konsulter" }
        #expect(pct(kons?["off_contract_share"]) > 70)
    }

    @Test(arguments: [
        ("IT-hårdvara", 50.00), ("Verksamhetssystem", 42.20), ("IT-programvara och licenser", 28.90),
        ("Telekommunikation", 19.60), ("IT-konsulter", 9.80), ("IT som tjänst", 7.40), ("Välfärdsteknik", 3.10),
        ("Övrigt IT", 2.00),
    ])
    func subcategories2022(_ name: String, _ expected: Double) throws {
        let subs = list(try summary(2022), "subcategories")
        let s = try #require(subs.first { $0["name"] as? String == name })
        #expect(abs(msek(s["amount"]) - expected) < 0.000_001)
        #expect(subs.count == 8)
    }

    @Test(arguments: [
        ("Atea Sverige AB", 26.40), ("Iver Workplace", 20.90), ("Telia Cygate AB", 20.50), ("Tele2 Sverige AB", 14.00),
        ("Tieto Sweden AB", 13.10), ("AVS i Sverige AB", 3.75),
    ])
    func namedSuppliers2022(_ name: String, _ expected: Double) throws {
        let top = list(try summary(2022), "top_suppliers")
        let s = try #require(top.first { $0["name"] as? String == name })
        #expect(abs(msek(s["amount"]) - expected) < 0.000_001)
        #expect(top.count >= 42)
        #expect(
            Array(top.prefix(3).compactMap { $0["name"] as? String }) == [
                "Atea Sverige AB", "Iver Workplace", "Telia Cygate AB",
            ])
    }

    @Test func invoiceVolumes() throws {
        let top = list(try summary(2022), "top_suppliers")
        #expect((top.first { $0["name"] as? String == "Telia Sverige AB" }?["invoices"] as? Int ?? 0) > 50_000)
        #expect((top.first { ($0["name"] as? String ?? "").hasPrefix("Toshiba") }?["invoices"] as? Int ?? 0) > 5_900)
    }

    @Test(arguments: [
        ("Kommunstyrelsen", 51.2), ("Grundskolenämnden", 22.5), ("Vård- och omsorgsnämnden", 8.2),
        ("Gymnasie- och arbetsmarknadsnämnden", 7.7), ("Förskolenämnden", 4.3), ("Socialnämnden", 3.1),
        ("Kultur- och fritidsnämnden", 1.6), ("Miljö- och samhällsbyggnadsnämnden", 1.4),
    ])
    func boards2022(_ name: String, _ share: Double) throws {
        let b = try #require(list(try summary(2022), "boards").first { $0["name"] as? String == name })
        #expect(abs(pct(b["share"]) - share) < 0.05 + 1e-9)
    }

    @Test(arguments: [
        ("Verksamhetssystem", "Kommunstyrelsen", 53.3), ("Verksamhetssystem", "Vård- och omsorgsnämnden", 15.8),
        ("Verksamhetssystem", "Grundskolenämnden", 14.1), ("IT-konsulter", "Kommunstyrelsen", 95.5),
        ("IT-programvara och licenser", "Kommunstyrelsen", 77.8),
    ])
    func boardsWithinSubcategories(_ sub: String, _ board: String, _ share: Double) throws {
        let c = try #require(
            list(try summary(2022), "board_by_subcategory").first {
                $0["subcategory"] as? String == sub && $0["board"] as? String == board
            })
        #expect(abs(pct(c["share"]) - share) < 0.05 + 1e-9)
    }

    @Test func contractsValidIn2022() throws {
        #expect((try summary(2022)["contracts"] as? [String: Int])?["valid"] == 58)
    }

    @Test(arguments: [
        "total spend på ca 163,0 miljoner kr 2022 (139,6 miljoner kr år 2021)",
        "från 195 olika leverantörer (2021 var antalet 219)",
        "| IT-hårdvara | 50,00 | 30,7 % | Iver Workplace | 20,90 |",
        "| Verksamhetssystem | 42,20 | 25,9 % | Tieto Sweden AB | 13,10 |",
        "| IT-programvara och licenser | 28,90 |", "| Telekommunikation | 19,60 | 12,0 % | Tele2 Sverige AB | 14,00 |",
        "| IT-konsulter | 9,80 |", "| IT som tjänst | 7,40 |", "| Välfärdsteknik | 3,10 |", "| Övrigt IT | 2,00 |",
        "Atea Sverige AB (26,4 miljoner kr), Iver Workplace (20,9 miljoner kr) och Telia Cygate AB (20,5 miljoner kr)",
        "Kommunstyrelsen (51,2 %), följt av Grundskolenämnden (22,5 %), Vård- och omsorgsnämnden (8,2 %) samt Gymnasie- och arbetsmarknadsnämnden (7,7 %)",
        "Inom Verksamhetssystem är Kommunstyrelsen (53,3 %), Vård- och omsorgsnämnden (15,8 %) och Grundskolenämnden (14,1 %)",
        "IT-konsulter köps nästan uteslutande av Kommunstyrelsen (95,5 %), likaså IT-programvara och licenser (77,8 %)",
        "Telia Sverige AB med 50 402 fakturor samt Toshiba Tec Nordic AB med 5 952 fakturor",
        "där endast 14,2 % (23,15 miljoner kr) köptes från ej avtalad och/eller registrerad leverantör år 2022",
        "36,8 % (56,9 miljoner kr) år 2020",
        "för IT-konsulter och Övrigt IT, där det 2022 köptes 73,5 % (7,2 miljoner kr) respektive 72,5 % (1,45 miljoner kr) utanför avtal",
    ])
    func bilaga3StatesTheFigures(_ phrase: String) throws {
        let text = try String(contentsOfFile: Self.run().dir + "/Reports/2022/bilaga3.md", encoding: .utf8)
        #expect(text.replacingOccurrences(of: "\u{A0}", with: " ").contains(phrase))
    }

    /// SPEC §6: the plan's own inconsistencies, and only those, are listed in the reconciliation note (avstamning.md).
    @Test func reconciliationNoteListsThePublishedDifferences() throws {
        let text = try String(contentsOfFile: Self.run().dir + "/Reports/2022/avstamning.md", encoding: .utf8)
            .replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(text.contains("# Avstämning mot publicerade siffror"))
        #expect(text.contains("23 av 25 siffror stämmer med underlaget"))
        #expect(
            text.contains("- Köp utanför avtal 2022: publicerat 23,4 miljoner kr, underlaget ger 23,15 miljoner kr."))
        #expect(text.contains("- Andel Verksamhetssystem av kategorin 2022: publicerat 26,9 %, underlaget ger 25,9 %."))
        #expect(text.components(separatedBy: ": publicerat ").count == 3)
    }

    @Test func htmlReportDrawsTheFourFigures() throws {
        let html = try String(contentsOfFile: Self.run().dir + "/Reports/2022/report.html", encoding: .utf8)
        for f in 4...7 { #expect(html.contains("<figure class=\"chart\" id=\"figur-\(f)\">")) }
        #expect(html.components(separatedBy: "<svg ").count >= 5)
        #expect(html.components(separatedBy: "http://").dropFirst().allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") })
        #expect(!html.contains("<script"))
        // figure 5 draws the 42 largest suppliers
        let pareto = try #require(
            html.components(separatedBy: "id=\"figur-5\"").last?.components(separatedBy: "</svg>").first)
        #expect(pareto.components(separatedBy: "<g><title>").count - 1 == 42)
    }

    @Test func generatorIsDeterministic() throws {
        let dir = tempDir()
        _ = try runSpend(["fixtures", "--out", dir + "/a"])
        _ = try runSpend(["fixtures", "--out", dir + "/b"])
        for f in ["ledger/proceedo-2022.csv", "regler.csv", "avtal.csv", "organisation.csv"] {
            #expect(FileManager.default.contentsEqual(atPath: "\(dir)/a/\(f)", andPath: "\(dir)/b/\(f)"))
        }
    }

    @Test func sameInputSameBytes() throws {
        let dir = try Self.run().dir
        let out2 = dir + "/Reports2"
        let data = dir + "/ref"
        _ = try runSpend([
            "analyze", "--invoices", data + "/ledger/proceedo-2020.csv", data + "/ledger/proceedo-2021.csv",
            data + "/ledger/proceedo-2022.csv", data + "/ledger/proceedo-omexport-2022-12.csv",
            "--profile", "proceedo", "--rules", data + "/regler.csv", "--contracts", data + "/avtal.csv",
            "--org", data + "/organisation.csv", "--category", "IT och telekom", "--out", out2,
            "--published", repoRoot + "/Fixtures/published/seed002-bilaga3.toml", "--format", "json,csv,md,html,xlsx",
        ])
        for y in [2020, 2021, 2022] {
            let files = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/Reports/\(y)").sorted()
            #expect(files.count == 31)
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(out2)/\(y)").sorted() == files)
            for f in files {
                #expect(
                    FileManager.default.contentsEqual(atPath: "\(dir)/Reports/\(y)/\(f)", andPath: "\(out2)/\(y)/\(f)"),
                    "\(y)/\(f)")
            }
        }
    }
}
