import Foundation
import Testing

@testable import SpendKit

/// Seed 003: one run over call-offs of a coordinated framework by several organisations (`Fixtures/coordinated/`).
@Suite struct CoordinatedFrameworkTests {
    static func run() throws -> (RunResult, String) {
        let dir = tempDir()
        var o = RunOptions()
        o.invoices = [repoRoot + "/Fixtures/coordinated/avrop.csv"]
        o.rules = repoRoot + "/Fixtures/coordinated/regler.csv"
        o.contracts = repoRoot + "/Fixtures/coordinated/avtal.csv"
        o.settings.category = "IT och telekom"
        o.outDir = dir
        o.formats = ["csv", "md"]
        return (try Pipeline.run(o), dir)
    }

    @Test("buyers are their own dimension, and the framework's ceiling counts every buyer's call-offs")
    func buyersAndCeiling() throws {
        let (result, dir) = try Self.run()
        let r = try #require(result.reports.first)
        // Telia 300 000 + 200 000 + 150 000 + 100 000 = 750 000 under RUN-2019; Tele2's 50 000 is off contract.
        // Region Västerbotten 300 000, Umeå 200 000 + Tele2 50 000, Skellefteå 150 000, Region Norrbotten 100 000 (kr)
        #expect(
            r.buyers.map(\.name) == ["Region Västerbotten", "Umeå kommun", "Skellefteå kommun", "Region Norrbotten"])
        #expect(r.buyers.map(\.amount) == [30_000_000, 25_000_000, 15_000_000, 10_000_000])  // öre
        #expect(r.buyers.reduce(0) { $0 + $1.amount } == r.total)
        #expect(r.total == 80_000_000)
        #expect(r.offContract == 5_000_000)
        let ceiling = try #require(r.ceilings.first)
        #expect(ceiling.contract.id == "RUN-2019")
        #expect(ceiling.spent == 75_000_000)
        #expect(ceiling.share.scaled(3) == 750)
        let buyers = try String(contentsOfFile: dir + "/2024/buyers.csv", encoding: .utf8)
        #expect(buyers.contains("Umeå kommun;250000,00;31,3"))
        let md = try String(contentsOfFile: dir + "/2024/report.md", encoding: .utf8)
        #expect(md.contains("## Spend per köpande organisation"))
    }
}
