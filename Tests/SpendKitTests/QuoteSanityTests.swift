import Foundation
import Testing

@testable import SpendKit

/// How a dump is read: the reference ingestion through either parser, or the fast path's kernels on `threads`
/// threads (plain UTF-8 through `ParallelReader`, cut at `cuts`; anything else sequentially).
enum Reading: CustomStringConvertible, CaseIterable {
    case reference(CSVParserKind), kernels(threads: Int, cuts: [Int]?)

    static let allCases: [Reading] = [
        .reference(.fast), .reference(.libcsv), .kernels(threads: 1, cuts: nil), .kernels(threads: 3, cuts: nil),
    ]
    var description: String {
        switch self {
        case .reference(let k): return "reference/\(k)"
        case .kernels(let t, let c): return "kernels/\(t)" + (c.map { " cut at \($0)" } ?? "")
        }
    }
}

/// The analysis fixtures' reference tables around `invoices`.
func analysisOptions(_ invoices: [String]) -> RunOptions {
    var o = RunOptions()
    let dir = repoRoot + "/Fixtures/analysis"
    o.invoices = invoices
    o.rules = dir + "/regler.csv"
    o.contracts = dir + "/avtal.csv"
    o.organisation = dir + "/organisation.csv"
    o.settings.category = "IT"
    return o
}

/// The books of reading `paths` one way: the counts, then each reject and listed exclusion with its position (the
/// error's text when the reading fails); the counts must reconcile.
func books(_ paths: [String], _ reading: Reading, profile: Profile? = nil) -> [String] {
    let ing = Ingestor()
    do {
        switch reading {
        case .reference(let kind):
            ing.parserKind = kind
            try ing.ingest(paths: paths, profile: profile) { _ in }
        case .kernels(let threads, let cuts):
            let a = try Pipeline.analyzer(analysisOptions(paths))
            try ing.ingest(paths: paths, profile: profile, into: a, threads: threads, cuts: cuts)
        }
    } catch {
        return ["error: \(error)"]
    }
    #expect(ing.counts.reconciles, "\(reading): \(ing.counts)")
    return ["\(ing.counts)"] + ing.rejects.map(\.position) + ing.excludedListed.map(\.position)
}

/// The accepted lines' total in öre, by the reference ingestion.
func acceptedTotal(_ path: String, _ kind: CSVParserKind) throws -> Int64 {
    let ing = Ingestor()
    ing.parserKind = kind
    var total: Int64 = 0
    try ing.ingest(paths: [path], profile: nil) { total += $0.amount }
    return total
}

private let header =
    "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus"

/// A small Proceedo dump of 20 rows: plain ones, quoted descriptions with the delimiter and doubled quotes, and
/// descriptions over two and three lines.
private let smallDump: String = {
    var rows = [header]
    for i in 1...20 {
        let description: String
        switch i % 7 {
        case 2: description = "\"Dator; bärbar\""
        case 4: description = "\"Skärm\nmed stativ; och kabel\""
        case 5: description = "\"Citat \"\"x\"\" \""
        case 6: description = "\"tre\nrader\nlång\""
        default: description = "Licens \(i)"
        }
        rows.append(
            "R\(i);V\(i);2022-03-\(10 + i % 18);Atea Sverige AB;556036-0793;1100;54610;\(description);\(i * 100),00;OK")
    }
    return rows.joined(separator: "\n") + "\n"
}()

@Suite("Quote sanity: a stray quote costs its own row")
struct QuoteSanityTests {
    @Test(
        "the issue's three rows: the row with the stray quote is rejected, the two after it are read",
        arguments: Reading.allCases)
    func threeRows(reading: Reading) throws {
        let path = writeFile(
            header + "\n"
                + "R1;V1;2022-03-01;Atea Sverige AB;556036-0793;1100;54610;\"oops;100,00;OK\n"
                + "R2;V2;2022-03-02;Atea Sverige AB;556036-0793;1100;54610;x;200,00;OK\n"
                + "R3;V3;2022-03-03;Atea Sverige AB;556036-0793;1100;54610;\"ok\";300,00;OK\n")
        #expect(
            books([path], reading) == [
                "RowCounts(read: 3, accepted: 2, rejected: 1, excluded: 0, duplicates: 0)",
                path + ":2: unterminated quoted field",
            ])
        for kind in CSVParserKind.allCases { #expect(try acceptedTotal(path, kind) == 50_000) }
    }

    @Test(
        "text after a closing quote rejects its row, naming the field, and the next rows read",
        arguments: Reading.allCases)
    func textAfterQuote(reading: Reading) throws {
        let path = writeFile(
            header + "\n"
                + "R1;V1;2022-03-01;\"Atea\" AB;556036-0793;1100;54610;x;100,00;OK\n"
                + "R2;V2;2022-03-02;Atea Sverige AB;556036-0793;1100;54610;\"två\nrader\" och mer;200,00;OK\n"
                + "R3;V3;2022-03-03;Atea Sverige AB;556036-0793;1100;54610;\"ok\" ;300,00;OK\n")
        // R2's second line reads as a row of its own after R2 is rejected: three fields, a reject of its own.
        let b = books([path], reading)
        #expect(b.count == 4)
        #expect(b.first == "RowCounts(read: 4, accepted: 1, rejected: 3, excluded: 0, duplicates: 0)")
        #expect(
            b.dropFirst().prefix(2) == [
                path + ":2: text after closing quote in field 4", path + ":3: text after closing quote in field 8",
            ])
        #expect(b.last?.hasPrefix(path + ":4: ") == true)
    }

    @Test(
        "quoted descriptions over several lines, with delimiters and doubled quotes, are read whole",
        arguments: Reading.allCases)
    func multiLineDescriptions(reading: Reading) throws {
        let path = writeFile(smallDump)
        #expect(
            books([path], reading) == ["RowCounts(read: 20, accepted: 20, rejected: 0, excluded: 0, duplicates: 0)"])
        let (lines, _) = try ingest([path])
        let twoLines = "Skärm\nmed stativ; och kabel", threeLines = "tre\nrader\nlång"
        #expect(
            lines.map(\.description).filter { $0.contains("\n") } == [
                twoLines, threeLines, twoLines, threeLines, twoLines, threeLines,
            ])
        #expect(lines.map(\.source.line).last == 28)
    }

    @Test("a stray quote at every byte of a small dump: both parsers agree and only the row it stands in is lost")
    func everyPosition() throws {
        let original = Array(smallDump.utf8)
        let reference = records(.libcsv, original, checks: .invoices)
        #expect(reference.count == 21 && !reference.contains { $0.contains("!") })
        let headerEnd = original.firstIndex(of: 0x0A)! + 1
        var rng = SeededRandom(seed: 20)
        for pos in 0...original.count {
            var m = original
            m.insert(0x22, at: pos)
            let fast = records(.fast, m, checks: .invoices)
            #expect(fast == records(.libcsv, m, checks: .invoices), "quote at \(pos)")
            #expect(records(.fast, m, cuts: [rng.int(0...m.count)], checks: .invoices) == fast, "quote at \(pos)")
            guard pos >= headerEnd else { continue }
            // Every record that does not span the quote's line comes out as it was.
            let line = 1 + original[..<pos].filter { $0 == 0x0A }.count
            for r in reference {
                let first = Int(r.prefix { $0 != ":" })!
                let last = first + r.filter { $0 == "\n" }.count
                if !(first...last).contains(line) {
                    #expect(fast.contains(r), "quote at \(pos) (line \(line)) lost \(r)")
                }
            }
        }
    }

    @Test("a stray quote at every byte of a data row: every way of reading keeps the same books")
    func everyPositionBooks() throws {
        let original = Array(smallDump.utf8)
        let rowStart = original.indices.filter { original[$0] == 0x0A }[3] + 1  // line 5, then the two-line row 6–7
        let rowEnd = original.indices.filter { original[$0] == 0x0A }[6] + 1
        for pos in rowStart...rowEnd {
            var m = original
            m.insert(0x22, at: pos)
            let path = writeFile(m)
            let reference = books([path], .reference(.libcsv))
            #expect(!reference[0].hasPrefix("error"), "quote at \(pos): \(reference)")
            for reading in Reading.allCases.dropFirst(2) + [.reference(.fast), .kernels(threads: 2, cuts: [pos])] {
                #expect(books([path], reading) == reference, "quote at \(pos), \(reading)")
            }
        }
    }

    @Test(
        "a fuzzer's dump with stray quotes and commas reads alike with LF, CR or CRLF line ends, every way",
        arguments: ["\n", "\r", "\r\n"])
    func lineEndsDoNotSwayTheDelimiter(end: String) throws {
        // A CR-only file once sniffed as one line in the fast path (`;`) and as four in the reference way (`,`).
        let lines = [
            ";;Bokföringsdatum;Leverantör;;;;Nettobelopp på konteringsrad;", ";;2022-03-01;a;;;;0,;", "\"\",", ",\"",
        ]
        func read(_ path: String, _ reading: Reading) -> [String] {
            books([path], reading).map { $0.replacingOccurrences(of: path, with: "dump.csv") }
        }
        let lf = read(writeFile(lines.joined(separator: "\n")), .reference(.libcsv))
        #expect(lf == ["error: dump.csv:4: unterminated quoted field"])
        let path = writeFile(lines.joined(separator: end))
        for reading in Reading.allCases { #expect(read(path, reading) == lf, "\(reading)") }
        #expect(Dialect.sniff(Array(lines.joined(separator: end).utf8).withUnsafeBufferPointer { $0 })?.delimiter == 0x2C)
    }

    @Test(
        "a stray quote in the header fails the file with its line, whichever way it is read",
        arguments: Reading.allCases)
    func quoteInHeader(reading: Reading) throws {
        let path = writeFile("\"" + smallDump)
        let b = books([path], reading)
        #expect(b.count == 1 && b[0].hasPrefix("error: " + path + ":1: "), "\(b)")
    }

    @Test("spend reads the issue's three rows: 3 read, 2 accepted, 1 rejected, exit 0 with a generous reject limit")
    func commandLine() throws {
        let dir = tempDir()
        _ = writeFile(
            header + "\n"
                + "R1;V1;2022-03-01;Atea Sverige AB;556036-0793;1100;54610;\"oops;100,00;OK\n"
                + "R2;V2;2022-03-02;Atea Sverige AB;556036-0793;1100;54610;x;200,00;OK\n"
                + "R3;V3;2022-03-03;Atea Sverige AB;556036-0793;1100;54610;\"ok\";300,00;OK\n", name: "dump.csv",
            in: dir)
        for parser in CSVParserKind.allCases {
            let fixtures = repoRoot + "/Fixtures/analysis"
            let r = try runSpend([
                "analyze", "--invoices", dir + "/dump.csv", "--rules", fixtures + "/regler.csv", "--contracts",
                fixtures + "/avtal.csv", "--org", fixtures + "/organisation.csv", "--category", "IT",
                "--out", dir + "/out-\(parser)", "--max-rejects", "0.5", "--parser", parser.rawValue,
            ])
            #expect(r.code == 0, "\(r.err)")
            #expect(r.err.contains("3 rows read = 2 accepted + 1 rejected"), "\(r.err)")
            let rejects = try String(contentsOfFile: dir + "/out-\(parser)/2022/rejects.csv", encoding: .utf8)
            #expect(rejects.contains("unterminated quoted field"), "\(rejects)")
        }
    }
}
