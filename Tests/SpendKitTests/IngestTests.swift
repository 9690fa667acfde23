import Foundation
import Testing

@testable import SpendKit

/// A small leverantorsreskontra export; every figure below is worked out by hand.
let reskontraHeader = "leverantor;leverantor_id;fakturanummer;bokforingsdatum;konto_nr;forvaltning;belopp"
let reskontraRows = [
    "Atea Sverige AB;556036-0793;F1;2022-01-10;74311;Kommunstyrelsen;1 000,50",
    "\"Tele2; Sverige AB\";556410-8917;F2;2022-02-01;65400;Grundskolenämnden;\"2 500,00\"",
    "\"Quote \"\"X\"\"\nnext line\";SAKNAS;F3;2022-03-01;74500;Kommunstyrelsen;-100",
    "Åkerbloms Åkeri;;F4;20220401;56000;Förskolenämnden;99,99",
]
// total = 1000.50 + 2500.00 - 100.00 + 99.99 = 3500.49 kr

func reskontraText(_ newline: String) -> String {
    ([reskontraHeader] + reskontraRows).joined(separator: newline).replacingOccurrences(
        of: "\nnext", with: newline + "next") + newline
}

@Suite struct IngestTests {
    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ nl: String) throws {
        let (lines, ing) = try ingest([writeFile(reskontraText(nl))])
        #expect(ing.counts == RowCounts(read: 4, accepted: 4))
        #expect(lines.map(\.amount).reduce(0, +) == 350049)
        #expect(lines[1].supplierName == "Tele2; Sverige AB")
        #expect(lines[2].supplierName == "Quote \"X\"\nnext line")
        #expect(lines.map(\.source.line) == [2, 3, 4, 6])  // the quoted line break makes row 3 two lines long
        #expect(lines[3].supplierName == "Åkerbloms Åkeri")
        #expect(lines[3].bookingDate?.value == 20220401)
    }

    static func encode(_ s: String, _ enc: String) -> [UInt8] {
        switch enc {
        case "utf8": return Array(s.utf8)
        case "utf8bom": return [0xEF, 0xBB, 0xBF] + Array(s.utf8)
        case "utf16le": return [0xFF, 0xFE] + s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case "utf16be": return [0xFE, 0xFF] + s.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case "utf32le": return [0xFF, 0xFE, 0, 0] + s.unicodeScalars.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.value >> (8 * $0)) } }
        case "utf32be": return [0, 0, 0xFE, 0xFF] + s.unicodeScalars.flatMap { v in (0..<4).reversed().map { UInt8(truncatingIfNeeded: v.value >> (8 * $0)) } }
        default: return Array(s.data(using: .windowsCP1252)!)
        }
    }

    @Test(arguments: ["utf8", "utf8bom", "utf16le", "utf16be", "utf32le", "utf32be", "cp1252"])
    func encodings(_ enc: String) throws {
        let (lines, ing) = try ingest([writeFile(IngestTests.encode(reskontraText("\r\n"), enc))])
        #expect(ing.counts.accepted == 4)
        #expect(lines[3].supplierName == "Åkerbloms Åkeri")
        #expect(lines[3].board == "Förskolenämnden")
        #expect(lines.map(\.amount).reduce(0, +) == 350049)
    }

    @Test(arguments: [";", ",", "\t", "|"])
    func delimiters(_ d: String) throws {
        let text = """
            leverantor\(d)leverantor_id\(d)fakturanummer\(d)datum\(d)belopp
            Atea Sverige AB\(d)556036-0793\(d)F1\(d)2022-01-10\(d)"1,50"
            Tele2\(d)556410-8917\(d)F2\(d)2022-01-11\(d)7

            """
        let (lines, _) = try ingest([writeFile(text)])
        #expect(lines.map(\.amount) == [150, 700])
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func chunkSizeDoesNotMatter(_ size: Int) throws {
        for enc in ["utf8bom", "utf16le", "utf32be", "cp1252"] {
            let path = writeFile(IngestTests.encode(reskontraText("\r\n"), enc))
            let (ref, _) = try ingest([path])
            let (lines, ing) = try ingest([path], chunkSize: size)
            #expect(ing.counts.accepted == 4)
            #expect(lines.map(\.supplierName) == ref.map(\.supplierName))
            #expect(lines.map(\.source.line) == ref.map(\.source.line))
            #expect(lines.map(\.amount) == ref.map(\.amount))
        }
    }

    @Test func gzipInput() throws {
        let dir = tempDir()
        let path = writeFile(reskontraText("\n"), name: "dump.csv", in: dir)
        let (lines, ing) = try ingest([try gzipFile(path)], chunkSize: 5)
        #expect(ing.counts.accepted == 4)
        #expect(lines.map(\.amount).reduce(0, +) == 350049)
    }

    /// After a gzip file's data: a second member is read, zeros are padding, other bytes are left with a warning
    /// (as gunzip does), and bytes that start like a member but are cut stop the file.
    /// Chunk sizes: tiny, the member's size less one and exactly (its end at the read buffer's end), and large.
    @Test(arguments: [1, 5, -1, 0, 4096])
    func gzipTrailingBytes(chunkSize: Int) throws {
        let dir = tempDir()
        let gz = try gzipFile(writeFile(reskontraText("\n"), name: "dump.csv", in: dir))
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: gz)))
        let size = chunkSize <= 0 ? data.count + chunkSize : chunkSize
        func read(_ tail: [UInt8]) throws -> (Int, Int64, [String]) {
            let path = writeFile(data + tail, name: "t\(tail.count)-\(tail.first ?? 0).csv.gz", in: dir)
            let (lines, ing) = try ingest([path], chunkSize: size)
            return (ing.counts.accepted, lines.map(\.amount).reduce(0, +), ing.warnings)
        }
        let twice = try read(data)
        #expect(twice.0 == 8 && twice.1 == 2 * 350049 && twice.2.isEmpty)
        let zeros = try read([UInt8](repeating: 0, count: 700))
        #expect(zeros.0 == 4 && zeros.1 == 350049 && zeros.2.isEmpty)
        let junk = try read(Array("trailer\n".utf8) + [UInt8](repeating: 0, count: 20))
        #expect(junk.0 == 4 && junk.1 == 350049)
        #expect(junk.2.count == 1 && junk.2.first?.contains("28 bytes after the end of its gzip data are no gzip data") == true, "\(junk.2)")
        #expect(throws: IngestError.self) { try read(Array(data.prefix(20))) }
        // `1F` not followed by `8B` is no member (gunzip: trailing garbage); a lone `1F` at the end is a cut one.
        let magicless = try read([0x1F] + Array("junk\n".utf8))
        #expect(magicless.0 == 4 && magicless.2.first?.contains("6 bytes after the end") == true, "\(magicless.2)")
        #expect(throws: IngestError.self) { try read([0x1F]) }
        // A rule table is refused with such bytes: it has no warnings to carry them.
        let table = try gzipFile(writeFile("kategori;underkategori;leverantor_namn\nIT;Licenser;Acme\n", name: "regler.csv", in: dir))
        let tableBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: table)))
        #expect(try CSVTable.read(writeFile(tableBytes + [UInt8](repeating: 0, count: 9), name: "r0.csv.gz", in: dir)).rows.count == 1)
        #expect(throws: IngestError.self) { try CSVTable.read(writeFile(tableBytes + Array("x".utf8), name: "r1.csv.gz", in: dir)) }
    }

    @Test("a date the profile's format does not read names the format that reads it",
          arguments: [("08/01/2019", "DD/MM/YYYY"), ("8/1/2019", "D/M/YYYY"), ("08.01.2019", "DD.MM.YYYY"),
                      ("2019/01/08", "YYYY/MM/DD"), ("08-JAN-2019", "DD-MON-YYYY"), ("2019-13-45", nil), ("soon", nil)])
    func dateFormatHint(text: String, format: String?) {
        let reason = RejectReason.unparsedDate(.invoiceDate, text: text).description
        if let format {
            #expect(reason.hasSuffix("([format] date_format = \"\(format)\" reads it, if that is how the file writes dates)"), "\(reason)")
        } else {
            #expect(!reason.contains("date_format"), "\(reason)")
        }
    }

    @Test("a date written as Excel's day number is a reject that names the date format reading it; with it, a date",
          arguments: [("42341.42936", true), ("42341", true), ("4234", false), ("42341.", false), ("99999", false), ("2015-12-04x", false)])
    func excelDayHint(text: String, hinted: Bool) throws {
        let reason = RejectReason.unparsedDate(.bookingDate, text: text).description
        #expect(reason.hasSuffix("(an Excel day number? [format] date_format = \"EXCEL\" reads it)") == hinted, "\(reason)")
        #expect(!RejectReason.unparsedDate(.period, text: text).description.contains("Excel"))
        if hinted { #expect(DateFormat.parse(text, format: .excel) == Day(year: 2015, month: 12, day: 3)) }
    }

    @Test func badRowsAreListedAndTheRestCounts() throws {
        let text =
            [
                reskontraHeader,
                "A;556036-0793;F1;2022-01-10;1;KS;10",  // 2 ok
                "B;556036-0793;F2;2022-01-10;1;KS",  // 3 short
                "C;556036-0793;F3;2022-01-10;1;KS;10;extra",  // 4 long
                "D;556036-0793;F4;2022-01-10;1;KS;tio",  // 5 bad amount
                "E;556036-0793;F5;2022-13-10;1;KS;10",  // 6 bad date
                ";;F6;2022-01-10;1;KS;10",  // 7 no supplier
                "G;556036-0793;F7;2022-01-10;1;KS;20",  // 8 ok
                "H;556036-0793;F8;2022-01-10;1;KS;\"30",  // 9 unterminated quote swallowing the rest
                "I;556036-0793;F9;2022-01-10;1;KS;40",  // 10 ok, read again after the reject
            ].joined(separator: "\n") + "\n"
        let (lines, ing) = try ingest([writeFile(text)])
        #expect(ing.counts == RowCounts(read: 9, accepted: 3, rejected: 6))
        #expect(ing.counts.reconciles)
        #expect(ing.rejects.map(\.line) == [3, 4, 5, 6, 7, 9])
        #expect(Array(ing.rejects)[0].reason == "expected 7 fields, found 6")
        #expect(Array(ing.rejects)[2].reason.hasPrefix("amount does not parse"))
        #expect(Array(ing.rejects)[3].reason.hasPrefix("booking date does not parse"))
        #expect(Array(ing.rejects)[5].reason == "unterminated quoted field")
        #expect(Array(ing.rejects)[5].position.hasSuffix("in.csv:9: unterminated quoted field"))
        #expect(lines.map(\.amount) == [1000, 2000, 4000])
    }

    @Test func wholeFileErrorsNameTheFile() throws {
        let dir = tempDir()
        #expect(throws: IngestError.missingFile(path: dir + "/nope.csv")) { try ingest([dir + "/nope.csv"]) }
        let empty = writeFile("", name: "empty.csv", in: dir)
        #expect(throws: IngestError.noHeader(path: empty)) { try ingest([empty]) }
        let unknown = writeFile("a;b;c\n1;2;3\n", name: "unknown.csv", in: dir)
        #expect(throws: IngestError.self) { try ingest([unknown]) }
        let missing = writeFile(
            "Fakturanummer;Leverantör;Bokföringsdatum\n1;A;2022-01-01\n", name: "proceedo.csv", in: dir)
        do { _ = try ingest([missing], profile: .proceedo); Issue.record("no error") } catch let e as IngestError {
            #expect(
                e.description
                    == "\(missing):1: required column 'Nettobelopp på konteringsrad' of profile 'proceedo' is missing from the header"
            )
            #expect(e.exitCode == 65)
        }
    }

    /// Two columns of other names that are one field's (`Bokföringsdatum`, `Booking date`) are refused as a name that
    /// stands twice is: taking the first moved the line's spend to another year with exit 0.
    @Test func twoColumnsForOneFieldAreRefused() throws {
        let path = writeFile(
            """
            Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus;Booking date
            1;V1;2022-12-28;Atea Sverige AB;5564480282;1100;54610;1000,00;OK;2023-01-05

            """)
        do { _ = try ingest([path], profile: .proceedo); Issue.record("no error") } catch let e as IngestError {
            #expect(
                e.description
                    == "\(path):1: columns 'Bokföringsdatum' (3) and 'Booking date' (10) both name the booking_date of profile 'proceedo', which cannot tell which one it reads: name one in a profile of your own")
            #expect(e.exitCode == 65)
        }
        // A profile file lists a field's names in the order it wants them: its first found is read (Harrogate's files
        // have `Supplier Name` and `Supplier Name(T)`, the profile naming the one it means first).
        let profile = try Profile.parseTOML(
            """
            [fields]
            booking_date = ["Booking date", "Bokföringsdatum"]
            supplier_name = "Leverantör"
            amount = "Nettobelopp på konteringsrad"

            """, path: "p.toml")
        let (lines, ing) = try ingest([path], profile: profile)
        #expect(ing.counts.accepted == 1)
        #expect(lines.first?.bookingDate == Day(year: 2023, month: 1, day: 5))
        // Other fields' lists are an order of preference: the open-data format has kopare and kopare_id side by side
        let reskontra = writeFile(
            """
            kopare;kopare_id;fakturanummer;verifikationsnummer;bokforingsdatum;leverantor;leverantor_id;konto_nr;konto_text;nettobelopp;kommun_id
            Orebro kommun;212000-1876;F1;V1;2016-03-01;Acme AB;556677-8899;74311;Licenser;1250,00;1880

            """)
        let (open, books) = try ingest([reskontra], profile: .leverantorsreskontra)
        #expect(books.counts.accepted == 1)
        #expect(open.first?.buyer == "Orebro kommun")
    }

    /// A pipe among the inputs (a glob matched a FIFO) is refused at once, on both readers: opening it waited for a
    /// writer for ever, and a nightly run hung holding its lock.
    @Test(arguments: [CSVParserKind.fast, .libcsv])
    func aPipeIsRefused(parser: CSVParserKind) throws {
        let path = tempDir() + "/p.csv"
        #expect(mkfifo(path, 0o644) == 0)
        let ing = Ingestor()
        ing.parserKind = parser
        let an = Analyzer(settings: AnalysisSettings(), classifier: nil, contracts: .empty, organisation: nil)
        do {
            if parser == .fast {
                try ing.ingest(paths: [path], profile: .proceedo, into: an, threads: 2)
            } else {
                try ing.ingest(paths: [path], profile: .proceedo) { an.add($0) }
            }
            Issue.record("no error")
        } catch let e as IngestError {
            #expect(e.description == "\(path): cannot read: is no regular file (a pipe, a socket or a device)")
        }
    }

    /// Two exports joined, the Windows-1252 one first: the UTF-8 lines after it are read as UTF-8, not as
    /// `Ã…kessons` (one supplier became two and a rule's text missed); the Windows-1252 ones as before.
    @Test func windows1252ThenUTF8() throws {
        // an ASCII header, so that the first byte that is not UTF-8 makes the file Windows-1252
        let header = "Fakturanummer;Verifikationsnummer;Bokforingsdatum;Leverantor;Organisationsnummer;Kst;Konto;Nettobelopp pa konteringsrad;Huvudstatus\n"
        var bytes = Array(header.utf8)
        bytes += Array("1;V1;2022-01-05;".utf8) + [0xC5] + Array("kessons V".utf8) + [0xE4] + Array("lf".utf8) + [0xE4]
            + Array("rd AB;;1100;5100;1,00;OK\n".utf8)
        bytes += Array("2;V2;2022-01-05;Åkessons Välfärd AB;;1100;5100;2,00;OK\n".utf8)
        let (lines, ing) = try ingest([writeFile(bytes)], profile: .proceedo)
        #expect(ing.counts == RowCounts(read: 2, accepted: 2))
        #expect(lines.map(\.supplierName) == ["Åkessons Välfärd AB", "Åkessons Välfärd AB"])
        #expect(ing.fileInfo.values.map(\.encoding) == ["Windows-1252"])
    }

    /// The header names' fast fold and trim (a preamble of wide lines took a minute through Foundation) give what
    /// the Foundation way gives.
    @Test(arguments: [
        "Amount", "amount", "Paid_Date", "  Nettobelopp på  konteringsrad ", "ABC-1.2/x", "Ö", "y", "", " ", "\u{A0}Kst",
        "Kst\u{A0}", "TOTAL\t", "a b", "Köpet avser", "ÅR",
    ])
    func headerFoldsAgree(_ name: String) {
        #expect(foldProfileHeader(name) == collapseBlanks(foldHeader(name).replacingOccurrences(of: "_", with: " ")))
        #expect(trimmedBlanks(name) == name.trimmingCharacters(in: .whitespaces))
    }

    @Test func duplicatesAcrossOverlappingDumpsAreDroppedAndCounted() throws {
        let dir = tempDir()
        let a = writeFile(
            [reskontraHeader, reskontraRows[0], reskontraRows[1]].joined(separator: "\n"), name: "a.csv", in: dir)
        let b = writeFile(
            [reskontraHeader, reskontraRows[1], reskontraRows[3], reskontraRows[3]].joined(separator: "\n"),
            name: "b.csv", in: dir)
        let (lines, ing) = try ingest([a, b])
        // b repeats row 1 of a (a duplicate); row 3 twice within b is two real lines.
        #expect(ing.counts == RowCounts(read: 5, accepted: 4, duplicates: 1))
        #expect(lines.count == 4)
    }

    /// Gateshead's pair: one transaction number, supplier and amount, booked again ten months later in the next
    /// file. A re-export repeats its dates; a new payment does not, and stays.
    @Test(arguments: [CSVParserKind.fast, .libcsv], [1, 2])
    func aLineBookedAgainLaterIsNoDuplicate(parser: CSVParserKind, threads: Int) throws {
        let dir = tempDir()
        let a = proceedoDump(["60040400;V1;2012-07-12;Anchor Trust;;1100;5100;6,88;OK"], name: "a.csv", in: dir)
        let b = proceedoDump(
            [
                "60040400;V1;2013-05-02;Anchor Trust;;1100;5100;6,88;OK",  // booked again: a payment of its own
                "60040400;V1;2012-07-12;Anchor Trust;;1100;5100;6,88;OK",  // the line of a.csv again
            ], name: "b.csv", in: dir)
        let ing = Ingestor()
        ing.parserKind = parser
        let analyzer = Analyzer(settings: AnalysisSettings(), classifier: nil, contracts: .empty, organisation: nil)
        if parser == .fast {
            try ing.ingest(paths: [a, b], profile: .proceedo, into: analyzer, threads: threads)
        } else {
            try ing.ingest(paths: [a, b], profile: .proceedo) { analyzer.add($0) }
        }
        #expect(ing.counts == RowCounts(read: 3, accepted: 2, duplicates: 1))
        #expect(ing.books.duplicates.map(\.line) == [3])
        #expect(analyzer.years.keys.sorted() == [2012, 2013])
    }

    /// A Sekretess flag fails closed: only an empty flag or one that says no lets a description out (a tester's
    /// `X`, `✓` and `Sekretessbelagd` went to the database in full).
    @Test(
        arguments: [
            ("J", true), ("ja", true), ("1", true), ("X", true), ("x", true), ("S", true), ("*", true), ("✓", true),
            ("Sekretessbelagd", true), ("Hemlig", true), ("N", false), ("nej", false), ("No", false), ("0", false),
            ("false", false), ("Falskt", false), ("-", false), ("", false), ("\u{0}N", true), ("N\u{1}", true),
        ] as [(String, Bool)])
    func confidentialFlagFailsClosed(_ flag: String, _ confidential: Bool) {
        #expect(ConfidentialFlag.isConfidential(flag) == confidential)
        #expect(Array(flag.utf8).withUnsafeBufferPointer { ConfidentialFlag.isConfidential($0) } == confidential)
    }

    /// Two exports joined with `cat`: the second's header is a layout row when it is the first's, and stops the file
    /// when its columns differ (the rows below it would be read by the first header's: Kst and Konto swapped).
    @Test(arguments: [CSVParserKind.fast, .libcsv], [1, 2])
    func aHeaderLineMidFile(parser: CSVParserKind, threads: Int) throws {
        let header = "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus"
        let swapped = "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Konto;Kst;Nettobelopp på konteringsrad;Huvudstatus"
        let a = "1;V1;2022-01-05;Atea AB;556036-0793;1100;74311;100,00;OK"
        let b = "2;V2;2022-02-05;Atea AB;556036-0793;1100;74311;200,00;OK"
        func run(_ text: String) throws -> (Ingestor, Analyzer) {
            let ing = Ingestor()
            ing.parserKind = parser
            let an = Analyzer(settings: AnalysisSettings(), classifier: nil, contracts: .empty, organisation: nil)
            if parser == .fast {
                try ing.ingest(paths: [writeFile(text)], profile: .proceedo, into: an, threads: threads)
            } else {
                try ing.ingest(paths: [writeFile(text)], profile: .proceedo) { an.add($0) }
            }
            return (ing, an)
        }
        // the header again: in other case, with another of a field's names (`Booking date`), after a second BOM
        let other = header.replacingOccurrences(of: "Bokföringsdatum", with: "Booking date")
        let (ing, an) = try run(
            [header, a, " \(header.uppercased()) ", other, "\u{FEFF}" + header, b].joined(separator: "\n") + "\n")
        #expect(ing.counts == RowCounts(read: 5, accepted: 2, excluded: 3))
        #expect(ing.excludedListed.map(\.reason) == ["repeated header", "repeated header", "repeated header"])
        #expect(an.years[2022]?.allSpend == 30_000)
        // One warning that two exports joined keep the lines they share twice, at the first header again.
        let joined = LayoutRow.warnings(ing.books.excluded)
        #expect(joined.count == 1 && joined[0].contains(":3: the header again below rows, as when two exports are joined"), "\(joined)")
        do {
            _ = try run(
                [header, a, swapped, "2;V2;2022-02-05;Atea AB;556036-0793;74311;1100;200,00;OK"].joined(separator: "\n")
                    + "\n")
            Issue.record("no error")
        } catch let e as IngestError {
            #expect(e.description.hasSuffix(":3: a header line with other columns than the file's own: the rows below it would be read by the first header's columns; give each export a file of its own"), "\(e)")
            #expect(e.exitCode == 65)
        }
    }

    /// Text in decomposed form (NFD, as exports that passed through macOS write it) is composed on both paths: one
    /// supplier, and a rule's text found in either form (the fast path split the supplier and missed the rule; the
    /// reference path took whichever form came first).
    @Test func decomposedTextIsComposed() throws {
        let nfc = "Skånes Välfärdsteknik", nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(nfc.utf8) != Array(nfd.utf8))
        let dir = tempDir()
        let header =
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus"
        let rows = (0..<3000).map { i in
            let text = i % 3 == 0 ? "Välfärd".decomposedStringWithCanonicalMapping : "Licens"
            return "\(i);V\(i);2022-01-05;\(i % 2 == 0 ? nfd : nfc);;1100;74311;\(text);1,00;OK"
        }
        var o = RunOptions()
        o.invoices = [writeFile(([header] + rows).joined(separator: "\n") + "\n", name: "d.csv", in: dir)]
        o.profile = "proceedo"
        o.rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;Välfärdsteknik;;;;välfärd;\nIT;Övrigt;;;*;;\n",
            name: "regler.csv", in: dir)
        o.settings.category = "IT"
        let reference = try outputs(o, fast: false)
        #expect(reference[0].hasPrefix("RowCounts(read: 3000, accepted: 3000,"), "\(reference[0])")
        for t in [1, 2] {
            #expect(try outputs(o, fast: true, threads: t) == reference, "\(t) threads")
            #expect(try outputs(o, fast: true, threads: t, chunk: 4096) == reference, "\(t) threads, small chunks")
        }
        let all = reference.joined()
        #expect(Array(all.utf8).firstRange(of: Array(nfd.utf8)) == nil, "no name in decomposed form")
        #expect(Array(all.utf8).firstRange(of: Array(nfc.utf8)) != nil)
        let json = try #require(reference.first { $0.hasPrefix("summary.json") })
        #expect(json.contains("\"suppliers\": 1") || json.contains("\"suppliers\":1"), "\(json.prefix(600))")
        #expect(json.contains("Välfärdsteknik"))
    }

    @Test(
        "combining marks (U+0300–U+036F) found, Greek letters after them not",
        arguments: [
            ("Skånes", false), ("Ska\u{30A}nes", true), ("e\u{301}", true), ("x\u{36F}", true), ("\u{370}\u{3B1}", false),
            ("", false), ("abc\u{300}", true),
        ] as [(String, Bool)])
    func combiningMarks(_ text: String, _ marks: Bool) {
        #expect(Composition.hasMarks(ArraySlice(text.utf8)) == marks)
        #expect(Composition.hasMarks(ArraySlice(Composition.composed(ArraySlice(text.utf8)))) == ["x\u{36F}", "abc\u{300}"].contains(text), "no letter composes with these marks")
    }

    @Test func proceedoStatusAndConfidentiality() throws {
        let text = """
            Fakturanummer;Verifikationsnummer;Fakturadatum;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus;Sekretess
            1;V1;2022-01-01;2022-01-05;Atea Sverige AB;556036-0793;1100;74311;Licenser;"1 000,00";SEK;;OK;N
            2;V2;2022-01-01;2022-01-05;Atea Sverige AB;556036-0793;1100;74311;Licenser;500,00;SEK;;CANCELED;N
            3;V3;2022-01-01;2022-01-05;Atea Sverige AB;556036-0793;1100;74311;Licenser;500,00;SEK;;PENDING;N
            4;V4;2022-01-01;2022-01-05;Skyddad;556036-0793;1100;74311;Hemligt;200,00;SEK;;OK;J
            5;V5;2022-01-01;2022-01-05;Atea Sverige AB;556036-0793;1100;74311;Licenser;100,00;EUR;;OK;N

            """
        let (lines, ing) = try ingest([writeFile(text)])
        #expect(ing.counts == RowCounts(read: 5, accepted: 2, rejected: 1, excluded: 2))
        #expect(ing.excludedListed.map(\.line) == [4])
        #expect(lines.map(\.confidential) == [false, true])
        #expect(Array(ing.rejects).first?.reason == "amount in EUR and no exchange rate for it")
        let ctx = ReportContext(
            report: try #require(
                YearReport.build(
                    year: 2022, figures: YearFigures(names: TallyNames()), rows: ing.counts,
                    analyzer: Analyzer(
                        settings: AnalysisSettings(), classifier: nil, contracts: .empty, organisation: nil))
                    as YearReport?),
            history: [], rejects: ing.rejects, excluded: ing.excludedListed)
        let excluded = String(
            decoding: try #require(CSVTableFormat.all.first { $0.fileName == "excluded.csv" }).render(ctx),
            as: UTF8.self)
        #expect(excluded.hasSuffix(";4;status PENDING\r\n"))
    }

    @Test func randomBytesNeverCrashOrHang() throws {
        var rng = SeededRandom(seed: 42)
        let base = Array(reskontraText("\n").utf8)
        let alphabet: [UInt8] = Array("\"\";;\n\r,|\t aZ0-9åÅ\u{0}".utf8) + [0xFF, 0xC3, 0x80]
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...12, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = alphabet.randomElement(using: &rng)!
                case 1: bytes.insert(alphabet.randomElement(using: &rng)!, at: i)
                default: if bytes.count > 1 { bytes.remove(at: i) }
                }
            }
            let path = writeFile(bytes)
            do {
                let (_, ing) = try ingest([path], chunkSize: Int.random(in: 1...64, using: &rng))
                #expect(ing.counts.reconciles)
            } catch is IngestError {
                // a whole-file error is a valid answer to a mangled header
            }
        }
    }
}

@Suite(Shared.required) struct OrebroTests {
    @Test func realLedgerIngestsWithTheCommittedProfile() throws {
        let path = Shared.orebro
        let profile = try Profile.named(repoRoot + "/Fixtures/profiles/orebro-2016-03.toml")
        let (lines, ing) = try ingest([path], profile: profile)
        #expect(ing.counts == RowCounts(read: 68021, accepted: 68021))
        #expect(lines.map(\.amount).reduce(0, +) == 45_018_728_339)
        #expect(Set(lines.map(\.board)).count == 31)
        #expect(lines.allSatisfy { $0.periodEnd?.value == 20160331 })
        #expect(lines.first?.account == "46362")
        #expect(lines.first?.accountText == "Köp medicinskt färdigbeh")
        let persons = lines.compactMap { l -> String? in
            if case .person = l.supplierID { return l.supplierID!.display }; return nil
        }
        #expect(persons.count > 200)
        #expect(persons.allSatisfy { $0.hasSuffix("-****") })
    }

    @Test func noPersonnummerInFullInAnyOutput() throws {
        let path = Shared.orebro
        var o = RunOptions()
        o.invoices = [path]
        o.profile = repoRoot + "/Fixtures/profiles/orebro-2016-03.toml"
        o.outDir = tempDir()
        let result = try Pipeline.run(o)
        #expect(result.reports.map(\.year) == [2016])
        #expect(result.reports[0].total == 45_018_728_339)
        #expect(result.reports[0].boards.count == 31)
        // A personnummer: six digits whose month (digits 3–4) is below 20, then four digits.
        let pnr = try NSRegularExpression(pattern: "(?<![0-9])[0-9]{2}[01][0-9][0-9]{2}-?[0-9]{4}(?![0-9])")
        for file in result.written {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            let hits = pnr.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range, in: text)!])
            }
            #expect(hits.isEmpty, "\(file): \(hits.prefix(3))")
        }
    }
}
