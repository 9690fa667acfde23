import Foundation
import Testing

@testable import SpendKit

/// Golden files for every output format on the hand-made fixture; re-record with `SPEND_RECORD=1 swift test`.
@Suite("Reports", .serialized)
struct ReportTests {
    static let formats: Set<String> = ["json", "csv", "md", "html", "xlsx"]

    /// The hand-made fixture analysed into `dir` with every per-year format.
    static func analyse(into dir: String, invoices: [String]? = nil) throws -> RunResult {
        var o = RunOptions()
        o.invoices = invoices ?? [repoRoot + "/Fixtures/analysis/dump1.csv", repoRoot + "/Fixtures/analysis/dump2.csv"]
        o.rules = repoRoot + "/Fixtures/analysis/regler.csv"
        o.contracts = repoRoot + "/Fixtures/analysis/avtal.csv"
        o.organisation = repoRoot + "/Fixtures/analysis/organisation.csv"
        o.published = repoRoot + "/Fixtures/analysis/publicerat.toml"
        o.settings.category = "IT"
        o.settings.directAwardThresholdAllYears = 50_000
        o.settings.invoiceHandlingCost = 10_000
        o.outDir = dir
        o.formats = formats
        return try Pipeline.run(o)
    }

    static let goldenDir = tempDir()
    /// The golden run, made once; if it throws, each test that reads it fails with the error, not the whole run.
    static let goldenResult = Result { try analyse(into: goldenDir) }
    static func goldenRun() throws -> RunResult { try goldenResult.get() }

    @Test(
        "golden file per format",
        arguments: [
            "summary.json", "subcategories.csv", "suppliers.csv", "subcategory_suppliers.csv", "boards.csv",
            "board_subcategories.csv", "buyers.csv",
            "months.csv", "years.csv", "loyalty.csv", "contract_refs.csv", "invoices.csv", "risks.csv",
            "direct_award_kinds.csv", "reprocurement.csv",
            "ceilings.csv", "rejects.csv", "excluded.csv", "unclassified.csv", "unclassified_accounts.csv", "report.md",
            "bilaga3.md", "avstamning.md",
            "report.html", "bilaga3.html", "bild-5.svg",
        ])
    func golden(_ file: String) throws {
        _ = try Self.goldenRun()
        let text = try String(contentsOfFile: Self.goldenDir + "/2022/" + file, encoding: .utf8)
        try assertSnapshot(text, "report/" + file)
    }

    @Test("the workbook: golden sheets, and identical bytes on a second run")
    func workbook() throws {
        _ = try Self.goldenRun()
        let bytes = try #require(FileManager.default.contents(atPath: Self.goldenDir + "/2022/spend.xlsx"))
        // the zip holds each part stored; the sheets' XML is the golden content
        let text = String(decoding: bytes, as: UTF8.self)
        let sheet = try #require(
            text.range(of: "<worksheet").flatMap { s in
                text.range(of: "</worksheet>", range: s.upperBound..<text.endIndex).map {
                    text[s.lowerBound..<$0.upperBound]
                }
            })
        try assertSnapshot(String(sheet), "report/spend.xlsx-sheet1.xml")
        #expect(text.components(separatedBy: "<worksheet").count - 1 == CSVTableFormat.all.count)
        let again = tempDir()
        _ = try Self.analyse(into: again)
        #expect(FileManager.default.contents(atPath: again + "/2022/spend.xlsx") == bytes)
    }

    @Test("two runs, identical bytes in every file")
    func determinism() throws {
        let a = tempDir(), b = tempDir()
        _ = try Self.analyse(into: a)
        _ = try Self.analyse(into: b)
        let files = try FileManager.default.contentsOfDirectory(atPath: a + "/2022").sorted()
        #expect(files.count == 31)
        for f in files {
            #expect(FileManager.default.contentsEqual(atPath: a + "/2022/" + f, andPath: b + "/2022/" + f), "\(f)")
        }
    }

    @Test("hostile supplier names stay text in every format")
    func escaping() throws {
        let dump = writeFile(
            """
            Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus
            S1;V1;2022-03-01;<script>alert(1)</script>;;1100;54610;1000,00;OK
            S2;V2;2022-03-01;"=HYPERLINK(""http://x"";""klick"")";;1100;54610;900,00;OK
            S3;V3;2022-03-01;a|b*c_ & <b>;;1100;54610;800,00;OK

            """, name: "hostile.csv")
        let dir = tempDir()
        _ = try Self.analyse(into: dir, invoices: [dump])
        let html = try String(contentsOfFile: dir + "/2022/report.html", encoding: .utf8)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("a|b*c_ &amp; &lt;b&gt;"))
        let md = try String(contentsOfFile: dir + "/2022/report.md", encoding: .utf8)
        #expect(!md.contains("<script>"))
        #expect(md.contains("| a\\|b\\*c\\_ & &lt;b&gt; |"))
        let csv = try String(contentsOfFile: dir + "/2022/suppliers.csv", encoding: .utf8)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\";\"\"klick\"\")\""))
        let xlsx = String(
            decoding: try #require(FileManager.default.contents(atPath: dir + "/2022/spend.xlsx")), as: UTF8.self)
        #expect(xlsx.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!xlsx.contains("<f>"))
    }

    static let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// LibreOffice opens the workbook and every sheet converts back to the rows and values of its CSV table.
    @Test(
        "spend.xlsx round-trips through LibreOffice",
        .enabled(if: soffice != nil, "LibreOffice is not installed (make test installs it)"))
    func libreOffice() throws {
        _ = try Self.goldenRun()
        let dir = tempDir()
        try FileManager.default.copyItem(atPath: Self.goldenDir + "/2022/spend.xlsx", toPath: dir + "/spend.xlsx")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.soffice!)
        p.arguments = [
            "-env:UserInstallation=file://" + dir + "/profile", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir,
            dir + "/spend.xlsx",
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        for file in ["subcategories", "suppliers", "boards", "years", "months", "invoices", "risks", "reprocurement"] {
            let sheet = try #require(CSVTableFormat.all.first { $0.fileName == file + ".csv" }).sheet
            let lo = try String(contentsOfFile: dir + "/spend-\(sheet).csv", encoding: .utf8)
            let ours = try String(contentsOfFile: Self.goldenDir + "/2022/\(file).csv", encoding: .utf8)
            let a = Self.cells(lo), b = Self.cells(ours.hasPrefix("\u{FEFF}") ? String(ours.dropFirst()) : ours)
            #expect(a.count == b.count, "\(sheet)")
            for (x, y) in zip(a, b) {
                #expect(x.count == y.count && zip(x, y).allSatisfy(Self.same), "\(sheet): \(x) vs \(y)")
            }
        }
    }

    static func cells(_ csv: String) -> [[String]] {
        csv.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The same cell: equal text, or equal numbers (`1750` = `1750,00`; `80.4598%` = `80,5`).
    static func same(_ lo: String, _ ours: String) -> Bool {
        if lo == ours { return true }
        let o = ours.replacingOccurrences(of: ",", with: ".")
        if lo.hasSuffix("%"), let x = Double(lo.dropLast()), let y = Double(o) { return abs(x - y) < 0.051 }
        if let x = Double(lo), let y = Double(o) { return x == y }
        return false
    }
}
