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

@Suite struct SQLiteRollbackTests {
    /// Lines of one supplier each, through a stream the output takes as it comes (a few lines a chunk).
    private func lines(_ db: SQLiteOutput, _ names: [String], first: Int) throws {
        let rows = db.stream()
        rows.chunk = 40
        db.makeLive(rows)
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        for (i, n) in names.enumerated() {
            let s = rows.define(SQLiteRows.Supplier(key: n, id: nil, name: n))
            let a = rows.define(SQLiteRows.Account(account: "5461" + n.prefix(1), text: ""))
            let c = rows.define(SQLiteRows.Class(category: "IT", subcategory: n, rule: nil))
            let p = rows.define(SQLiteRows.Place(costCentre: n, board: "KS", buyer: ""))
            Array(("Licens för " + n).utf8).withUnsafeBufferPointer { d in
                rows.line(
                    file: 0, line: first + i, year: 2022, booking: Day(year: 2022, month: 3, day: 1), invoice: nil,
                    amount: 100 + Int64(i), supplier: s, account: a, class: c, place: p, contract: -1, number: none,
                    voucher: none, description: d)
            }
        }
        try db.take(rows)
    }

    private func finish(_ db: SQLiteOutput) throws {
        try db.finish(
            files: ["x.csv"], info: [:], counts: RowCounts(), rejects: RowIssues(), contracts: .empty,
            organisation: nil, category: nil)
    }

    @Test("a rollback drops the lines written after its mark and the values only they named: the same file as without")
    func rollback() throws {
        let dir = tempDir()
        let rolled = try SQLiteOutput(path: dir + "/rolled.sqlite", rules: nil)
        try lines(rolled, ["Atea"], first: 2)
        let mark = try rolled.mark()
        try lines(rolled, (0..<2000).map { "Dropped \($0)" }, first: 3)  // pages of lines, new values of every kind
        try rolled.rollback(to: mark)
        try lines(rolled, ["Tele2"], first: 3)
        try finish(rolled)
        let plain = try SQLiteOutput(path: dir + "/plain.sqlite", rules: nil)
        try lines(plain, ["Atea"], first: 2)
        try lines(plain, ["Tele2"], first: 3)
        try finish(plain)
        let content = try sqliteContent(rolled.path)
        #expect(content.contains { $0.contains("Tele2") } && !content.contains { $0.contains("Dropped") })
        #expect(FileManager.default.contents(atPath: rolled.path) == FileManager.default.contents(atPath: plain.path))
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
