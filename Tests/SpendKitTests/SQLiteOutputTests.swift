import Foundation
import GRDB
import Testing

@testable import SpendKit

@Suite("SQLite output")
struct SQLiteOutputTests {
    @Test("lines keep their file and line, amounts stay integer öre, and the views agree with summary.json")
    func database() throws {
        let dir = tempDir()
        var o = RunOptions()
        o.invoices = [repoRoot + "/Fixtures/analysis/dump1.csv", repoRoot + "/Fixtures/analysis/dump2.csv"]
        o.rules = repoRoot + "/Fixtures/analysis/regler.csv"
        o.contracts = repoRoot + "/Fixtures/analysis/avtal.csv"
        o.organisation = repoRoot + "/Fixtures/analysis/organisation.csv"
        o.settings.category = "IT"
        o.outDir = dir
        o.formats = ["json", "sqlite"]
        let result = try Pipeline.run(o)
        let db = try DatabaseQueue(path: dir + "/spend.sqlite")
        try db.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lines") == result.counts.accepted)
            #expect(try String.fetchOne(db, sql: "SELECT value FROM run WHERE key = 'rows_duplicates'") == "1")
            // every öre of the category, as integers, equals the report's total
            #expect(
                try Int64.fetchOne(db, sql: "SELECT SUM(amount_ore) FROM lines WHERE category = 'IT' AND year = 2022")
                    == result.reports[0].total)
            let (on, off) =
                try Row.fetchOne(
                    db, sql: "SELECT on_contract_sek, off_contract_sek FROM contract_loyalty WHERE category = 'IT'"
                )
                .map { ($0[0] as Double, $0[1] as Double) } ?? (0, 0)
            #expect(Int64((on * 100).rounded()) == result.reports[0].onContract)
            #expect(Int64((off * 100).rounded()) == result.reports[0].offContract)
            // a line is found by its source position, as in rejects.csv and explain --row
            let row = try Row.fetchOne(
                db, sql: "SELECT file, line, invoice_number, rule_line FROM spend_lines WHERE invoice_number = 'T3'")
            #expect((row?["file"] as String?)?.hasSuffix("dump2.csv") == true)
            #expect(row?["line"] as Int? == 3)
            #expect(row?["rule_line"] as Int? == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rules") == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contracts") == 2)
        }
    }
}

@Suite struct SQLiteCurrencyTests {
    @Test("the database names the ledger's currency in its run table")
    func currencyInRunTable() throws {
        let dir = tempDir()
        let leeds = repoRoot + "/Fixtures/ledgers/leeds"
        let r = try runSpend([
            "analyze", "--invoices", leeds + "/2012-10.csv", "--profile", leeds + "/leeds.toml", "--rules",
            leeds + "/regler.csv",
            "--out", dir, "--format", "json,sqlite",
        ])
        #expect(r.code == 0, "\(r.err)")
        let db = try DatabaseQueue(path: dir + "/spend.sqlite")
        let currency = try db.read { try String.fetchOne($0, sql: "SELECT value FROM run WHERE key = 'currency'") }
        #expect(currency == "GBP")
    }
}
