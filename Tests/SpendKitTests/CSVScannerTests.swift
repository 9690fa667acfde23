import Foundation
import Testing

@testable import SpendKit

/// The records a parser gives for `input` fed in the pieces `cuts` make, each as `line:[field][field]…`, with the
/// rows it rejects in their places as `line:!reason`.
func records(
    _ kind: CSVParserKind, _ input: [UInt8], cuts: [Int] = [], delimiter: UInt8 = UInt8(ascii: ";"),
    checks: RecordChecks = .none
) -> [String] {
    var out: [String] = []
    let onRecord: (inout RawRecord) -> Void = { r in
        out.append("\(r.line):" + (0..<r.count).map { "[" + r.string($0) + "]" }.joined())
    }
    let onProblem: (Int, RejectReason) -> Void = { line, why in out.append("\(line):!\(why)") }
    let parser: RecordParser =
        kind == .libcsv
        ? LibCSVParser(delimiter: delimiter, checks: checks, onRecord: onRecord, onProblem: onProblem)
        : FastCSVParser(delimiter: delimiter, checks: checks, onRecord: onRecord, onProblem: onProblem)
    var from = 0
    input.withUnsafeBufferPointer { b in
        for c in cuts + [input.count] where c >= from {
            parser.parse(UnsafeBufferPointer(rebasing: b[from..<c]))
            from = c
        }
    }
    parser.end()
    return out
}

/// Decoded text as `InvoiceReader` hands it to a parser (UTF-8, LF line ends).
private func decoded(_ path: String) -> [UInt8] {
    let raw = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    var t = Transcoder()
    var out: [UInt8] = []
    raw.withUnsafeBufferPointer { t.feed($0, final: true, into: &out) }
    return out
}

/// Every CSV under `root`, for the differential tests.
private func csvFiles(under root: String) -> [String] {
    var out: [String] = []
    if let e = FileManager.default.enumerator(atPath: root) {
        for case let p as String in e where p.hasSuffix(".csv") { out.append(root + "/" + p) }
    }
    return out.sorted()
}

/// Each file's records from both parsers, with and without the invoice checks, are the same and not empty.
private func expectLibCSVRecords(_ paths: [String]) {
    for path in paths {
        let text = decoded(path)
        let delimiter = text.withUnsafeBufferPointer { Dialect.sniff($0)?.delimiter } ?? UInt8(ascii: ";")
        for checks in [RecordChecks.none, .invoices] {
            let reference = records(.libcsv, text, delimiter: delimiter, checks: checks)
            let fast = records(.fast, text, delimiter: delimiter, checks: checks)
            #expect(fast == reference, "\(path)")
            #expect(!reference.isEmpty)
        }
    }
}

/// Odd CSV: doubled quotes, text after a closing quote, blanks around quotes, quoted line feeds, blank lines, an
/// unterminated quote at the end.
private let tricky = Array(
    """
    a;b;c
     x ; "y" ;z\u{20}
    "q""uote";"multi
    line";"end"x;more"
    ;;
    \t
    "sp" "ace";"a"" ";"";" "
    plain"quote;"ok"\u{20}\u{20}
    "unterminated;at end
    """.utf8)

@Suite("CSV scanner against libcsv")
struct CSVScannerTests {
    @Test("every fixture file gives libcsv's records")
    func fixtures() {
        let files = csvFiles(under: repoRoot + "/Fixtures")
        #expect(files.count >= 10)
        expectLibCSVRecords(files)
    }

    @Test("every shared data file gives libcsv's records", Shared.required)
    func sharedData() {
        let files = csvFiles(under: Shared.data)
        #expect(!files.isEmpty)
        expectLibCSVRecords(files)
    }

    @Test("odd quoting gives libcsv's records, split at every byte")
    func everySplit() {
        let reference = records(.libcsv, tricky)
        #expect(
            reference == [
                "1:[a][b][c]", "2:[x][y][z]", "3:[q\"uote][multi\nline][end\"x;more]", "5:[][][]",
                "7:[sp\" \"ace][a\" ][][ ]", "8:[plain\"quote][ok]", "9:!unterminated quoted field",
            ])
        for cut in 0...tricky.count {
            #expect(records(.fast, tricky, cuts: [cut]) == reference, "cut at \(cut)")
            #expect(records(.libcsv, tricky, cuts: [cut]) == reference, "cut at \(cut)")
        }
    }

    @Test("the eight-bytes-at-a-time search finds what a byte loop finds, from every offset")
    func wordSearch() {
        var rng = FixtureRandom(seed: 7)
        let alphabet: [UInt8] = [0x00, 0x01, 0x0A, 0x0D, 0x22, 0x3B, 0x41, 0x7F, 0x80, 0xA0, 0xC3, 0xFF]
        for _ in 0..<300 {
            let input = (0..<rng.int(0...40)).map { _ in
                rng.next() % 5 == 0 ? alphabet[rng.int(0...3) + 2] : alphabet[rng.int(0...11)]
            }
            input.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return }
                for from in 0...b.count {
                    let naive = b[from...].firstIndex { $0 == 0x3B || $0 == 0x0A || $0 == 0x0D } ?? b.count
                    #expect(
                        CSVScanner.find(base, from: from, end: b.count, 0x3B, 0x0A, 0x0D) == naive,
                        "\(input) from \(from)")
                }
            }
        }
    }

    @Test(
        "random input gives libcsv's records, in random pieces",
        arguments: [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09])
    func random(delimiter: UInt8) {
        var rng = FixtureRandom(seed: UInt64(delimiter))
        let alphabet: [[UInt8]] = [
            "a", "b", " ", "\t", ";", ",", "\"", "\"\"", "\n", "\n\n", "å", "1 234,50", "Dockningsstation",
        ].map { Array($0.utf8) }
        for _ in 0..<1500 {
            var input: [UInt8] = []
            for _ in 0..<Int(rng.next() % 60) { input += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let cuts = (0..<Int(rng.next() % 4)).map { _ in Int(rng.next() % UInt64(input.count + 1)) }.sorted()
            let checks =
                rng.next() % 2 == 0 ? RecordChecks.none : RecordChecks(quotes: true, maxBytes: 4 + Int(rng.next() % 40))
            let reference = records(.libcsv, input, delimiter: delimiter, checks: checks)
            #expect(records(.libcsv, input, cuts: cuts, delimiter: delimiter, checks: checks) == reference)
            let fast = records(.fast, input, cuts: cuts, delimiter: delimiter, checks: checks)
            #expect(
                fast == reference, "\(String(decoding: input, as: UTF8.self).debugDescription) cuts \(cuts) \(checks)")
        }
    }

    /// Long runs of plain records, as ledgers are, with the bytes one bit from a delimiter or LF (`:` `-` VT) that a
    /// word-at-a-time search could flag by a borrow, blanks at field edges, CRLF, empty fields and now and then a
    /// quote or a lone CR.
    @Test(
        "plain records give libcsv's records, in random pieces",
        arguments: [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09])
    func plainRecords(delimiter: UInt8) {
        var rng = FixtureRandom(seed: 31 + UInt64(delimiter))
        let plain: [[UInt8]] = [
            "a", "bb", "Dockningsstation", " ", "\t", ":", "-", "\u{0B}", "å", "1 234,50", "0",
        ].map { Array($0.utf8) }
        let odd: [[UInt8]] = ["\"", "\"x\"", "\r", "\n\n", " \n"].map { Array($0.utf8) }
        for _ in 0..<800 {
            var input: [UInt8] = []
            for _ in 0..<Int(rng.next() % 300) {
                switch rng.next() % 40 {
                case 0..<8: input.append(delimiter)
                case 8..<11: input.append(0x0A)
                case 11: input += [0x0D, 0x0A]
                case 12: input += odd[Int(rng.next() % UInt64(odd.count))]
                default: input += plain[Int(rng.next() % UInt64(plain.count))]
                }
            }
            let cuts = (0..<Int(rng.next() % 4)).map { _ in Int(rng.next() % UInt64(input.count + 1)) }.sorted()
            let checks =
                rng.next() % 2 == 0
                ? RecordChecks.none : RecordChecks(quotes: true, maxBytes: 8 + Int(rng.next() % 120))
            var t = Transcoder()
            var text: [UInt8] = []
            input.withUnsafeBufferPointer { t.feed($0, final: true, into: &text) }
            let reference = records(.libcsv, text, delimiter: delimiter, checks: checks)
            let fast = records(.fast, input, cuts: cuts, delimiter: delimiter, checks: checks)
            #expect(
                fast == reference, "\(String(decoding: input, as: UTF8.self).debugDescription) cuts \(cuts) \(checks)")
        }
    }

    /// Records as exports that quote every text field write them — mostly quoted fields, some plain — with what the
    /// quoted pass must leave to the general way: a doubled quote, a line end or a delimiter inside quotes, blanks
    /// before or after a quoted field, text after its closing quote, an unquoted field with a quote inside, CRLF and
    /// a lone CR.
    @Test(
        "quoted records give libcsv's records, in random pieces",
        arguments: [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09])
    func quotedRecords(delimiter: UInt8) {
        var rng = FixtureRandom(seed: 47 + UInt64(delimiter))
        let d = String(UnicodeScalar(delimiter))
        let quoted: [String] = [
            "\"a\"", "\"Atea Sverige AB\"", "\"\"", "\"1 234,50\"", "\"Brandvägg\(d) licens\"", "\" x \"",
            "\"2020-08-12\"", "bb", "", "Dockningsstation",
        ]
        let odd: [String] = [
            "\"a\"\"b\"", "\"a\nb\"", " \"x\"", "\"x\" ", "\"x\"y", "27\"", "\"x\r\"", "\"", "\"\"\"",
        ]
        for _ in 0..<1500 {
            var text = ""
            for _ in 0..<Int(rng.next() % 12) {
                let fields = (0...Int(rng.next() % 6)).map { _ in
                    rng.next() % 12 == 0
                        ? odd[Int(rng.next() % UInt64(odd.count))] : quoted[Int(rng.next() % UInt64(quoted.count))]
                }
                text +=
                    fields.joined(separator: d) + (rng.next() % 3 == 0 ? "\r\n" : rng.next() % 20 == 0 ? "\r" : "\n")
            }
            let input = Array(text.utf8)
            let cuts = (0..<Int(rng.next() % 4)).map { _ in Int(rng.next() % UInt64(input.count + 1)) }.sorted()
            let checks =
                rng.next() % 2 == 0 ? RecordChecks.none : RecordChecks(quotes: true, maxBytes: 8 + Int(rng.next() % 80))
            var t = Transcoder()
            var decoded: [UInt8] = []
            input.withUnsafeBufferPointer { t.feed($0, final: true, into: &decoded) }
            let reference = records(.libcsv, decoded, delimiter: delimiter, checks: checks)
            let fast = records(.fast, input, cuts: cuts, delimiter: delimiter, checks: checks)
            #expect(fast == reference, "\(text.debugDescription) cuts \(cuts) \(checks)")
        }
    }

    @Test("raw text with CR and CRLF scans to libcsv's records of the decoded text, in random pieces")
    func carriageReturns() {
        var rng = FixtureRandom(seed: 13)
        let alphabet: [[UInt8]] = ["a", " ", ";", "\"", "\"\"", "\n", "\r", "\r\n", "\r\r\n", "ö"].map {
            Array($0.utf8)
        }
        for _ in 0..<3000 {
            var input: [UInt8] = []
            for _ in 0..<Int(rng.next() % 40) { input += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            var t = Transcoder()
            var text: [UInt8] = []
            input.withUnsafeBufferPointer { t.feed($0, final: true, into: &text) }
            let checks =
                rng.next() % 2 == 0 ? RecordChecks.none : RecordChecks(quotes: true, maxBytes: 4 + Int(rng.next() % 30))
            let reference = records(.libcsv, text, checks: checks)
            let cuts = (0..<Int(rng.next() % 3)).map { _ in Int(rng.next() % UInt64(input.count + 1)) }.sorted()
            let fast = records(.fast, input, cuts: cuts, checks: checks)
            #expect(
                fast == reference, "\(String(decoding: input, as: UTF8.self).debugDescription) cuts \(cuts) \(checks)")
        }
    }

    @Test("a whole export reads the same through either parser", arguments: CSVParserKind.allCases)
    func ingestion(kind: CSVParserKind) throws {
        let path = writeFile(
            "Fakturanummer;Leverantör;Bokföringsdatum;Nettobelopp på konteringsrad;Köpet avser\n"
                + "1;Atea AB;2022-01-10;100,00;\"Dator; \"\"bärbar\"\"\"\n\n2;Dell AB;2022-02-10;50,00;\"två\nrader\"\n"
                + "3;\"Fel;2022-03-10;1,00;x\n4;Atea AB;2022-04-10;7,00;sista")
        let ing = Ingestor()
        ing.parserKind = kind
        var lines: [InvoiceLine] = []
        try ing.ingest(paths: [path], profile: nil) { lines.append($0) }
        #expect(lines.map(\.description) == ["Dator; \"bärbar\"", "två\nrader", "sista"])
        #expect(lines.map(\.source.line) == [2, 4, 7])
        #expect(ing.rejects.map(\.line) == [6])
        #expect(ing.counts.reconciles)
    }
}
