import Testing

@testable import SpendKit

@Suite("Reject lists, duplicate keys and other bounded-memory parts")
struct BoundedMemoryTests {
    @Test("row issues beyond the memory budget read back in order, lines shifted, after appends")
    func rowIssuesSpill() {
        func issue(_ i: Int) -> RowIssue {
            RowIssue(
                file: "dump \(i % 3).csv", line: i,
                reason: i % 7 == 0 ? "rad\nbrytning åäö '\(i)'" : "amount does not parse: '\(i)x'")
        }
        var a = RowIssues(), b = RowIssues()
        var expected: [RowIssue] = [], tail: [RowIssue] = []
        for i in 0..<(RowIssues.budget + 500) { a.append(issue(i)); expected.append(issue(i)) }
        for i in 0..<(RowIssues.budget * 2) { b.append(issue(i)); tail.append(issue(i)) }
        b.shiftLines(by: 1000)
        a.append(contentsOf: b)
        a.append(issue(-1))
        expected += tail.map { RowIssue(file: $0.file, line: $0.line + 1000, reason: $0.reason) } + [issue(-1)]
        #expect(a.count == expected.count)
        #expect(Array(a) == expected)
        #expect(a.parts.contains { if case .spilled = $0 { true } else { false } })
    }

    @Test("rejects.csv lists every reject, written in pieces; the workbook's sheet shows the first ten thousand")
    func longRejectList() throws {
        var list = RowIssues()
        let n = CSVTableFormat.maxIssueRows + 50
        for i in 0..<n { list.append(RowIssue(file: "in.csv", line: i + 2, reason: "amount does not parse: '\(i)x'")) }
        let report = try YearReport.build(
            year: 2022, figures: YearFigures(names: TallyNames()), rows: RowCounts(read: n, rejected: n),
            analyzer: Analyzer(settings: AnalysisSettings(), classifier: nil, contracts: .empty, organisation: nil))
        let ctx = ReportContext(report: report, history: [], rejects: list)
        let format = try #require(CSVTableFormat.all.first { $0.fileName == "rejects.csv" })
        var pieces: [Int] = [], bytes: [UInt8] = []
        try format.write(ctx) {
            pieces.append($0.count); bytes += $0
        }
        // Independent of the writer: the file as text, BOM, header and one CRLF line per reject, in order.
        let expected =
            "\u{FEFF}fil;rad;orsak\r\n"
            + (0..<n).map { "in.csv;\($0 + 2);amount does not parse: '\($0)x'\r\n" }.joined()
        #expect(bytes == Array(expected.utf8))
        // Written in pieces of bounded size: each but the last closes at 256 KiB plus at most one row.
        #expect(pieces.count > 1)
        #expect(pieces.dropLast().allSatisfy { $0 >= 1 << 18 && $0 < (1 << 18) + 100 }, "\(pieces)")
        #expect(pieces.last.map { $0 < 1 << 18 } == true)
        let sheet = format.build(ctx)
        #expect(sheet.rows.count == CSVTableFormat.maxIssueRows + 1)
        #expect(sheet.rows.last?.last == .text("50 rader till, alla i rejects.csv"))
    }

    @Test(
        "a duplicate key's amount hashes as its decimal text",
        arguments: [Int64(0), 7, -7, 100, -123_456, Int64.max, Int64.min])
    func decimalField(v: Int64) {
        var a = FNV64(), b = FNV64()
        a.field(decimal: v)
        b.field(String(v).utf8)
        #expect(a.value == b.value)
    }

    @Test("the duplicate check's key set holds what a Set holds, zero too, across growth")
    func keySet() {
        var rng = FixtureRandom(seed: 3)
        let keys = KeySet()
        var reference = Set<UInt64>()
        for i in 0..<20_000 {
            let k = i % 5 == 0 ? UInt64(i % 50) : rng.next()
            keys.insert(k); reference.insert(k)
        }
        #expect(keys.count == reference.count)
        #expect(reference.allSatisfy(keys.contains))
        #expect((0..<1000).filter { _ in keys.contains(rng.next()) }.isEmpty)
    }
}
