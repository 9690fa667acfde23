import Foundation
import Testing

@testable import SpendKit

/// The kernel's subject state (`LineKernel.State`): lines outside the category count in all spend only, lines in it
/// in the category's months and contracts too, as the reference reading counts them.
@Suite struct KernelStateTests {
    @Test(
        "in and outside the category: the kernels' figures are the reference reading's, the category's months only its own lines"
    )
    func inAndOutside() throws {
        typealias F = DeliverableFixture
        var f = DeliverableFixture()
        f.contract("A1", "Atea Sverige AB", sub: "", from: "2020-01-01", to: "2026-12-31")
        f.line("2022-01-10", "Atea Sverige AB", F.licences, "1000,00", avtal: "A1")
        f.line("2022-02-10", "Bygg AB", F.building, "7000,00")
        f.line("2022-02-11", "Atea Sverige AB", F.hardware, "250,00")
        f.line("2022-03-12", "Vård AB", F.care, "9000,00")
        #expect(try f.analyze(["--parser", "libcsv", "--format", "csv,json"]).code == 0)
        let reference = try ["months.csv", "years.csv", "loyalty.csv", "subcategories.csv", "summary.json"].map {
            try f.text($0)
        }
        let rows = try f.rows("months.csv")
        let months = rows.map { $0.count > 2 ? F.ore($0[2]) : 0 }
        #expect(months.prefix(3) == [100_000, 25_000, 0], "\(rows)")
        #expect(try f.analyze(["--parser", "fast", "--threads", "2", "--format", "csv,json"]).code == 0)
        #expect(
            try ["months.csv", "years.csv", "loyalty.csv", "subcategories.csv", "summary.json"].map { try f.text($0) }
                == reference)
    }

    @Test("the state is one byte")
    func size() {
        #expect(MemoryLayout<LineKernel.State>.size == 1)
    }
}
