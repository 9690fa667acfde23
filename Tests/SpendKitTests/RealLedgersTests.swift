import Foundation
import Testing

@testable import SpendKit

/// Real public ledgers (`Fixtures/ledgers/`, each with its licence and provenance): every row read, excluded for a
/// stated reason or rejected, and spend's totals in the ledger's own currency equal to a sum this test makes itself
/// with a CSV reader of its own, and to the sums stated in the samples' READMEs.
@Suite("Real public ledgers through a committed profile")
struct RealLedgersTests {
    static let dir = repoRoot + "/Fixtures/ledgers"

    /// A deliberately plain CSV reader (commas, double quotes, CRLF), separate from spend's: the rows as fields.
    static func rows(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar?
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let n = chars.next()
                    if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = n }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\r": break
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// Pence from `1,234.56` by digits alone.
    static func pence(_ s: String) -> Int64 {
        let t = s.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        let negative = t.hasPrefix("-")
        let parts = t.drop { $0 == "-" }.split(separator: ".", omittingEmptySubsequences: false)
        let whole = Int64(parts[0])!,
            frac = parts.count > 1 ? Int64(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0))! : 0
        return (negative ? -1 : 1) * (whole * 100 + frac)
    }

    /// The sum of a column over the rows (after the header) that `keep` keeps, and how many there are.
    static func sum(_ path: String, column: String, keep: ([String: String]) -> Bool = { _ in true }) throws -> (
        pence: Int64, rows: Int
    ) {
        let all = try rows(path)
        let header = all[0].map { $0.trimmingCharacters(in: .whitespaces) }
        let i = try #require(header.firstIndex(of: column), "\(column) in \(header)")
        var total: Int64 = 0, n = 0
        for r in all.dropFirst() where r.count == header.count {
            let named = Dictionary(uniqueKeysWithValues: zip(header, r))
            guard keep(named) else { continue }
            total += pence(r[i]); n += 1
        }
        return (total, n)
    }

    /// The run's options over `files` of `folder` with its profile, every row accepted or excluded.
    static func options(_ folder: String, _ files: [String], profile: String, rules: String? = nil) -> RunOptions {
        var o = RunOptions()
        o.invoices = files.map { dir + "/" + folder + "/" + $0 }
        o.profile = dir + "/" + folder + "/" + profile
        o.rules = rules.map { dir + "/" + folder + "/" + $0 }
        o.outDir = tempDir() + "/out"
        o.formats = ["json", "csv"]
        o.maxRejects = 0
        return o
    }

    @Test("Hyndburn, two layouts with one profile: totals per year equal an independent sum, card settlements excluded")
    func hyndburn() throws {
        let old = try Self.sum(Self.dir + "/hyndburn/2017-01.csv", column: "Net Amount(£)")
        let new = try Self.sum(Self.dir + "/hyndburn/2024-09.csv", column: "Amount Paid") {
            $0["Name:"] != "Barclaycard"
        }
        let cards = try Self.sum(Self.dir + "/hyndburn/2024-09.csv", column: "Amount Paid") {
            $0["Name:"] == "Barclaycard"
        }
        #expect(old == (53_827_219, 180) && new == (23_039_264, 119) && cards == (291_543, 8))  // the README's sums
        let o = Self.options("hyndburn", ["2017-01.csv", "2024-09.csv"], profile: "hyndburn.toml")
        let result = try Pipeline.run(o)
        #expect(result.counts == RowCounts(read: 307, accepted: 299, excluded: 8))
        #expect(result.reports.map(\.year) == [2017, 2024])
        #expect(result.reports.map(\.total) == [old.pence, new.pence])
        #expect(result.reports.map(\.lines) == [old.rows, new.rows])
        #expect(result.reports.allSatisfy { $0.currency.code == "GBP" })
        let json = try String(contentsOfFile: o.outDir + "/2024/summary.json", encoding: .utf8)
        #expect(json.contains("\"currency\": \"GBP\"") && json.contains("\"total\": 230392.64"))
        let excluded = try String(contentsOfFile: o.outDir + "/2024/excluded.csv", encoding: .utf8)
        #expect(excluded.components(separatedBy: "procurement card settlement, not a purchase").count - 1 == 8)
        // The committed spend.toml runs the same.
        let r = try runSpend([
            "analyze", "--config", Self.dir + "/hyndburn/spend.toml", "--out", tempDir(), "--format", "json",
        ])
        #expect(
            r.code == 0 && r.err.contains("307 rows read = 299 accepted + 0 rejected + 8 excluded + 0 duplicates")
                && r.err.contains("2017: 538 272 GBP, 2024: 230 393 GBP"), "\(r.err)")
    }

    @Test(
        "Leeds, DD-Mon-YYYY dates and codes with leading zeros: the total equals an independent sum; rules class every line"
    )
    func leeds() throws {
        let expected = try Self.sum(Self.dir + "/leeds/2012-10.csv", column: "Net amount")
        #expect(expected == (28_106_638, 70))  // the README's sum
        let o = Self.options("leeds", ["2012-10.csv"], profile: "leeds.toml", rules: "regler.csv")
        let result = try Pipeline.run(o)
        #expect(result.counts == RowCounts(read: 70, accepted: 70))
        let report = try #require(result.reports.first)
        #expect(report.year == 2012 && report.total == expected.pence && report.lines == 70)
        #expect(report.subcategories.map(\.amount).reduce(0, +) == expected.pence)
        #expect(report.unclassified == 0)
        // Expense code 003 is a code of its own: it is Material, while 008 goes to the catch-all.
        let c = Classifier(try RuleTable.load(Self.dir + "/leeds/regler.csv"))
        func sub(_ account: String) -> String {
            c.classify(RuleSubject(supplier: nil, name: "x", account: account, description: "", accountText: ""))
                .subcategory
        }
        #expect(sub("003") == "Material" && sub("008") == "Övrigt" && sub("3") == "Bygg" && sub("574") == "Boende")
    }

    @Test(
        "the real samples read the same through the fast path and the reference path",
        arguments: [
            ("hyndburn", ["2017-01.csv", "2024-09.csv"], "hyndburn.toml", nil),
            ("leeds", ["2012-10.csv"], "leeds.toml", "regler.csv"),
        ] as [(String, [String], String, String?)])
    func bothPaths(_ folder: String, _ files: [String], _ profile: String, _ rules: String?) throws {
        let o = Self.options(folder, files, profile: profile, rules: rules)
        let reference = try outputs(o, fast: false)
        #expect(try outputs(o, fast: true, threads: 2) == reference)
        #expect(try outputs(o, fast: true, threads: 1, subjectLimit: 4) == reference)
    }
}
