import Foundation
import Testing
@testable import SpendKit

/// Memory per distinct supplier (hostile input, case 7): a million name-keyed suppliers must stay under 256 MB in
/// all. What grows with the suppliers — their keys and names (`StringPool`), each year's `SupplierBook` and the
/// report's compact rows — is bounded here per supplier; the kernel's value caches are bounded by their own limit
/// and the release measurement on a million suppliers is in the README.
@Suite("Memory per supplier")
struct SupplierMemoryTests {
    static let suppliers = 100_000

    /// A ledger with one line per supplier, every fourth unclassified (account 41000), the rest in the category.
    static func ledger(in dir: String) -> String {
        var s = "leverantor;datum;belopp;konto_nr\n"
        for i in 0..<suppliers { s += "Leverantör nummer \(i) i Sverige;2022-\(String(format: "%02d", i % 12 + 1))-15;\(100 + i % 997),00;\(i % 4 == 3 ? "41000" : "54610")\n" }
        return writeFile(s, name: "reskontra.csv", in: dir)
    }

    @Test("a supplier costs under 160 bytes in the figures and the pools, and every one is in the report", arguments: CSVParserKind.allCases)
    func perSupplier(_ parser: CSVParserKind) throws {
        let dir = tempDir()
        var o = RunOptions()
        o.invoices = [Self.ledger(in: dir)]
        o.profile = "leverantorsreskontra"
        o.rules = writeFile("kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text\nIT och telekom;IT-tjänster;;;54610;\n", name: "regler.csv", in: dir)
        o.settings.category = "IT och telekom"
        o.parser = parser
        o.threads = 2
        let (analyzer, ingestor) = try Pipeline.analyze(o)
        let figures = try #require(analyzer.years[2022])
        let bytes = analyzer.names.suppliers.footprint + analyzer.names.supplierNames.footprint + figures.suppliers.footprint
        #expect(bytes / Self.suppliers < 160, "\(bytes / Self.suppliers) bytes a supplier")
        let report = try YearReport.build(year: 2022, figures: figures, rows: ingestor.counts, analyzer: analyzer)
        #expect(report.suppliers.count == Self.suppliers * 3 / 4)
        #expect(report.unclassifiedSuppliers.count == Self.suppliers / 4)
        #expect(report.suppliers.first?.amount == 109_600 && report.suppliers.last?.amount == 10_000)
        #expect(report.suppliers[0].name == "Leverantör nummer 10966 i Sverige")
    }
}
