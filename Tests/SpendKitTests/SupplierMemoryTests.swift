import Foundation
import Testing

@testable import SpendKit

/// Memory per distinct supplier (hostile input, case 7): a million name-keyed suppliers must stay under 256 MB in
/// all. What grows with the suppliers — their keys and names (`StringPool`), each year's `SupplierBook` and the
/// report's compact rows — is bounded here per supplier; the whole process is measured on a million suppliers by
/// running the release binary (`make test-release`), which reports its peak memory in its summary line.
@Suite("Memory per supplier")
struct SupplierMemoryTests {
    static let suppliers = 100_000

    /// A ledger with one line per supplier, every fourth unclassified (account 41000), the rest in the category.
    static func ledger(in dir: String) -> String {
        var s = "leverantor;datum;belopp;konto_nr\n"
        for i in 0..<suppliers {
            s +=
                "Leverantör nummer \(i) i Sverige;2022-\(String(format: "%02d", i % 12 + 1))-15;\(100 + i % 997),00;\(i % 4 == 3 ? "41000" : "54610")\n"
        }
        return writeFile(s, name: "reskontra.csv", in: dir)
    }

    @Test(
        "a supplier costs under 160 bytes in the figures and the pools, and every one is in the report",
        arguments: CSVParserKind.allCases)
    func perSupplier(_ parser: CSVParserKind) throws {
        let dir = tempDir()
        var o = RunOptions()
        o.invoices = [Self.ledger(in: dir)]
        o.profile = "leverantorsreskontra"
        o.rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text\nIT och telekom;IT-tjänster;;;54610;\n",
            name: "regler.csv", in: dir)
        o.settings.category = "IT och telekom"
        o.parser = parser
        o.threads = 2
        let (analyzer, ingestor) = try Pipeline.analyze(o)
        let figures = try #require(analyzer.years[2022])
        let bytes =
            analyzer.names.suppliers.footprint + analyzer.names.supplierNames.footprint + figures.suppliers.footprint
        #expect(bytes / Self.suppliers < 160, "\(bytes / Self.suppliers) bytes a supplier")
        let report = try YearReport.build(year: 2022, figures: figures, rows: ingestor.counts, analyzer: analyzer)
        #expect(report.suppliers.count == Self.suppliers * 3 / 4)
        #expect(report.unclassifiedSuppliers.count == Self.suppliers / 4)
        #expect(report.suppliers.first?.amount == 109_600 && report.suppliers.last?.amount == 10_000)
        #expect(report.suppliers[0].name == "Leverantör nummer 10966 i Sverige")
    }

    #if DEBUG
        static let releaseBuild = false
    #else
        static let releaseBuild = true
    #endif

    @Test(
        "a million distinct suppliers peak under 256 MB: the binary on 2 threads, every supplier in the report",
        .enabled(if: releaseBuild, "runs in make test-release: a million new suppliers take minutes in a debug build"),
        arguments: [false, true])
    func millionSuppliers(orgNumbers: Bool) throws {
        let dir = tempDir(), n = 1_000_000
        for i in [0, 1, n - 1] {
            guard case .org? = SupplierID.parse(Self.orgNumber(i, dashed: i == 1)) else {
                Issue.record("\(Self.orgNumber(i, dashed: i == 1)) is no org number"); return
            }
        }
        let path = dir + "/million.csv"
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        let out = try #require(FileHandle(forWritingAtPath: path))
        var chunk = "leverantor;datum;belopp;konto_nr" + (orgNumbers ? ";leverantor_id\n" : "\n")
        for i in 0..<n {
            chunk +=
                "Leverantör nummer \(i) i Sverige;2022-\(i % 9 + 1 < 10 ? "0" : "")\(i % 9 + 1)-1\(i % 10);\(100 + i % 997),\(i % 100 < 10 ? "0" : "")\(i % 100);\(i % 4 == 3 ? "41000" : "54610")"
            // Keyed by org number: a million ids, every other one with a dash (the fast path's per-id work, and its
            // memo of parsed ids, which grows here without a hit).
            chunk += orgNumbers ? ";" + Self.orgNumber(i, dashed: i % 2 == 1) + "\n" : "\n"
            if chunk.utf8.count > 1 << 20 { out.write(Data(chunk.utf8)); chunk = "" }
        }
        out.write(Data(chunk.utf8))
        try out.close()
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text\nIT och telekom;IT-tjänster;;;54610;\n",
            name: "regler.csv", in: dir)
        let r = try runSpend([
            "analyze", "--invoices", path, "--profile", "leverantorsreskontra", "--rules", rules, "--category",
            "IT och telekom",
            "--out", dir + "/out", "--format", "json", "--threads", "2",
        ])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("1000000 rows read = 1000000 accepted + 0 rejected"), "\(r.err)")
        let peak = try #require(r.err.firstMatch(of: /peak (\d+) MB/).flatMap { Int($0.1) }, "\(r.err)")
        #expect(peak < 256, "peak \(peak) MB")
        let summary =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: dir + "/out/2022/summary.json"))) as? [String: Any]
        #expect((summary?["suppliers"] as? Int) == n * 3 / 4)
        #expect(
            (summary?["invoices"] as? Int) == n * 3 / 4, "each line without invoice number is an invoice of its own")
    }

    /// The `i`-th of a million Luhn-valid organisation numbers (556 and six digits of `i`, then the check digit).
    static func orgNumber(_ i: Int, dashed: Bool) -> String {
        let digits = withLuhn("556" + String(repeating: "0", count: 6 - String(i).count) + String(i))
        return dashed ? digits.prefix(6) + "-" + digits.suffix(4) : digits
    }
}
