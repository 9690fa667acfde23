import Foundation
import Testing

@testable import SpendKit

private let header =
    "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus"

private func row(_ i: Int, description: String = "Licens", amount: String = "100,00") -> String {
    "R\(i);V\(i);2022-03-0\(i % 9 + 1);Atea Sverige AB;556036-0793;1100;54610;\(description);\(amount);OK"
}

/// `text` gzipped into `name`.gz in `dir`, by /bin/gzip.
private func gzipped(_ text: [UInt8], name: String = "in.csv", in dir: String = tempDir()) throws -> String {
    try gzipFile(writeFile(text, name: name, in: dir))
}

@Suite("Read limits: records longer than the limit, files changing while read")
struct ReadLimitsTests {
    @Test(
        "a line longer than the limit is a reject with its line; the rows after it are read",
        arguments: Reading.allCases)
    func longLine(reading: Reading) throws {
        let path = writeFile(
            [header, row(1), row(2, description: String(repeating: "x", count: 10_000)), row(3)].joined(separator: "\n")
                + "\n")
        let b = ReadLimits.$maxRecordBytes.withValue(4096) { books([path], reading) }
        #expect(
            b == [
                "RowCounts(read: 3, accepted: 2, rejected: 1, excluded: 0, duplicates: 0)",
                path + ":3: record longer than 4 KB",
            ])
    }

    @Test(
        "the default limit is 1 MB: a 1.5 MB line is a reject, a row of 1 MB less a byte is read",
        arguments: Reading.allCases)
    func defaultLimit(reading: Reading) throws {
        let fits = row(2, description: "")
        let long = row(3, description: String(repeating: "y", count: 3 << 19))
        let exact = row(2, description: String(repeating: "z", count: (1 << 20) - fits.utf8.count))
        #expect(exact.utf8.count == 1 << 20)
        let path = writeFile([header, row(1), exact, long, row(4)].joined(separator: "\r\n") + "\r\n")
        #expect(
            books([path], reading) == [
                "RowCounts(read: 4, accepted: 3, rejected: 1, excluded: 0, duplicates: 0)",
                path + ":4: record longer than 1 MB",
            ])
    }

    @Test(
        "at the limit exactly a record is read, a byte more is a reject, with LF and CRLF, blank lines alike",
        arguments: ["\n", "\r\n"])
    func boundary(newline: String) throws {
        let limit = 200
        let base = row(2, description: "")
        let exact = row(2, description: String(repeating: "a", count: limit - base.utf8.count))
        let over = row(3, description: String(repeating: "b", count: limit + 1 - base.utf8.count))
        let quoted = row(4, description: "\"" + String(repeating: "c\(newline)", count: 80) + "\"")
        let blank = String(repeating: " ", count: limit + 1)
        let text = [header, row(1), exact, over, quoted, blank, row(5)].joined(separator: newline) + newline
        let path = writeFile(text)
        let reference = ReadLimits.$maxRecordBytes.withValue(limit) { books([path], .reference(.libcsv)) }
        #expect(reference.filter { $0.contains("record longer than 200 bytes") }.count == 3, "\(reference)")
        #expect(
            reference[0].hasPrefix("RowCounts(read: ") && reference.contains(path + ":4: record longer than 200 bytes"))
        let size = text.utf8.count
        for reading in Reading.allCases
            + stride(from: 0, through: size, by: 13).map({ Reading.kernels(threads: 2, cuts: [$0]) })
        {
            #expect(ReadLimits.$maxRecordBytes.withValue(limit) { books([path], reading) } == reference, "\(reading)")
        }
        // The parser level, in random pieces.
        var rng = SeededRandom(seed: 7)
        var decoded: [UInt8] = []
        var t = Transcoder()
        Array(text.utf8).withUnsafeBufferPointer { t.feed($0, final: true, into: &decoded) }
        let checks = RecordChecks(quotes: true, maxBytes: limit)
        let lib = records(.libcsv, decoded, checks: checks)
        for _ in 0..<50 {
            let cuts = (0..<3).map { _ in rng.int(0...size) }.sorted()
            #expect(records(.fast, Array(text.utf8), cuts: cuts, checks: checks) == lib, "cuts \(cuts)")
            #expect(
                records(.libcsv, decoded, cuts: cuts.map { min($0, decoded.count) }, checks: checks) == lib,
                "cuts \(cuts)")
        }
    }

    @Test(
        "a long quoted field is a reject; its later lines read as rows of their own and the row after it is read",
        arguments: Reading.allCases)
    func longQuotedField(reading: Reading) throws {
        let field = "\"" + String(repeating: "en rad utan avgränsare\n", count: 900) + "\""
        let path = writeFile([header, row(1), row(2, description: field), row(3)].joined(separator: "\n") + "\n")
        let reference = ReadLimits.$maxRecordBytes.withValue(4096) { books([path], .reference(.libcsv)) }
        #expect(reference[1] == path + ":3: record longer than 4 KB")
        #expect(reference.contains(path + ":903: unterminated quoted field"))  // the field's closing quote opens one
        #expect(ReadLimits.$maxRecordBytes.withValue(4096) { books([path], reading) } == reference)
        let (lines, _) = try ReadLimits.$maxRecordBytes.withValue(4096) { try ingest([path]) }
        #expect(lines.map(\.invoiceNumber) == ["R1", "R3"])
    }

    @Test("a header longer than the limit fails the file with its line", arguments: Reading.allCases)
    func longHeader(reading: Reading) throws {
        let path = writeFile(
            [header + String(repeating: ";Extra", count: 1000), row(1)].joined(separator: "\n") + "\n")
        let b = ReadLimits.$maxRecordBytes.withValue(4096) { books([path], reading) }
        #expect(b == ["error: " + path + ":1: record longer than 4 KB"])
    }

    @Test(
        "a gzip bomb of one endless line stays within the limit and a chunk, through either parser",
        arguments: [true, false])
    func gzipBomb(lineEnd: Bool) throws {
        let line = [UInt8](repeating: UInt8(ascii: "a"), count: 24 << 20)
        var text = Array((header + "\n").utf8) + line
        if lineEnd { text += Array(("\n" + row(2) + "\n").utf8) }
        let path = try gzipped(text)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size < 200_000)
        let limit = 64 << 10, chunk = 1 << 16
        for kind in CSVParserKind.allCases {
            var outcomes: [String] = []
            let info = try ReadLimits.$maxRecordBytes.withValue(limit) {
                try InvoiceReader(chunkSize: chunk, parserKind: kind).read(path: path, file: 0, profile: nil) {
                    line, outcome in
                    if case .rejected(let why) = outcome {
                        outcomes.append("\(line): \(why)")
                    } else {
                        outcomes.append("\(line): read")
                    }
                }
            }
            #expect(
                outcomes == (lineEnd ? ["2: record longer than 64 KB", "3: read"] : ["2: record longer than 64 KB"]),
                "\(kind)")
            #expect(info.gzip && info.mostBuffered <= limit + chunk + 256, "\(kind): \(info.mostBuffered)")
        }
        let expected =
            lineEnd
            ? "RowCounts(read: 2, accepted: 1, rejected: 1, excluded: 0, duplicates: 0)"
            : "RowCounts(read: 1, accepted: 0, rejected: 1, excluded: 0, duplicates: 0)"
        for reading in [Reading.reference(.fast), .kernels(threads: 2, cuts: nil)] {
            #expect(
                ReadLimits.$maxRecordBytes.withValue(limit) { books([path], reading) } == [
                    expected, path + ":2: record longer than 64 KB",
                ])
        }
    }

    @Test(
        "a dump appended to, truncated or replaced while it is read fails, naming the file",
        arguments: ["append", "truncate", "replace"], Reading.allCases)
    func changedWhileRead(mode: String, reading: Reading) throws {
        let text = ([header] + (1...3000).map { row($0) }).joined(separator: "\n") + "\n"
        let dir = tempDir()
        for path in [writeFile(text, in: dir), try gzipped(Array(text.utf8), name: "b.csv", in: dir)] {
            #expect(
                books([path], reading)[0]
                    == "RowCounts(read: 3000, accepted: 3000, rejected: 0, excluded: 0, duplicates: 0)")
            let b = ChangeWhileReading.$mode.withValue(mode) { books([path], reading) }
            #expect(b == ["error: \(IngestError.changedWhileRead(path: path))"], "\(path)")
            #expect(b[0].contains(path + ": changed while it was read"))
        }
    }

    @Test(
        "spend run on a dump that changes while read: exit 65 naming the file, last night's reports untouched",
        arguments: ["fast", "libcsv"])
    func commandLine(parser: String) throws {
        let dir = tempDir()
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/dumps", withIntermediateDirectories: true)
        _ = writeFile(
            ([header] + (1...50).map { row($0) }).joined(separator: "\n") + "\n", name: "d.csv", in: dir + "/dumps")
        _ = try gzipped(
            Array(([header] + (51...60).map { row($0) }).joined(separator: "\n").utf8), name: "e.csv",
            in: dir + "/dumps")
        for f in ["regler.csv", "avtal.csv", "organisation.csv"] {
            try fm.copyItem(atPath: repoRoot + "/Fixtures/analysis/" + f, toPath: dir + "/" + f)
        }
        _ = writeFile(
            """
            [input]
            invoices = ["dumps/*.csv", "dumps/*.csv.gz"]
            [reference]
            rules = "regler.csv"
            contracts = "avtal.csv"
            organisation = "organisation.csv"
            [analysis]
            category = "IT"
            [output]
            dir = "Reports"
            formats = ["json", "csv", "sqlite"]
            """, name: "spend.toml", in: dir)
        let good = try runSpend(["run", "--config", dir + "/spend.toml", "--parser", parser])
        #expect(good.code == 0, "\(good.err)")
        let before = try fm.subpathsOfDirectory(atPath: dir + "/Reports").sorted().map {
            ($0, fm.contents(atPath: dir + "/Reports/" + $0))
        }
        for mode in ["append", "truncate"] {
            let r = try runSpend(
                ["run", "--config", dir + "/spend.toml", "--parser", parser], env: ["SPEND_CHANGE_WHILE_READING": mode])
            #expect(r.code == 65, "\(r.err)")
            #expect(r.err.contains(dir + "/dumps/d.csv: changed while it was read"), "\(r.err)")
            let after = try fm.subpathsOfDirectory(atPath: dir + "/Reports").sorted().map {
                ($0, fm.contents(atPath: dir + "/Reports/" + $0))
            }
            #expect(after.map(\.0) == before.map(\.0) && after.map(\.1) == before.map(\.1))
            _ = writeFile(
                ([header] + (1...50).map { row($0) }).joined(separator: "\n") + "\n", name: "d.csv", in: dir + "/dumps")
        }
    }
}
