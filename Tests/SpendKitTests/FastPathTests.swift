import Foundation
import Testing

@testable import SpendKit

/// Everything a run prints per year (summary.json and every CSV table) and its books, by the fast path on `threads`
/// threads cut at `cuts`, or by the reference path (libcsv, one line at a time through `Analyzer.add`).
func outputs(
    _ o: RunOptions, fast: Bool, threads: Int = 2, cuts: [Int]? = nil, subjectLimit: Int? = nil,
    tallyBudget: Int = TallyNames.defaultBudget, bypassProbe: Int? = nil, valueLimit: Int? = nil,
    prefetchFrom: Int? = nil, chunk: Int? = nil, split: (block: Int, minimum: Int)? = nil, pause: (@Sendable () -> Void)? = nil,
    inspect: ((Ingestor) -> Void)? = nil
) throws -> [String] {
    let profile = try o.profile.flatMap { $0 == "auto" ? nil : try Profile.named($0) }
    let a = try Pipeline.analyzer(o, names: TallyNames(budget: tallyBudget))
    let ing = Ingestor()
    if let subjectLimit { ing.subjectLimit = subjectLimit }
    if let bypassProbe { ing.bypassProbe = bypassProbe }
    if let valueLimit { ing.valueLimit = valueLimit }
    ing.prefetchFrom = prefetchFrom
    if let chunk { ing.chunkSize = chunk }
    ing.split = split
    ing.splitPause = pause
    if fast {
        try ing.ingest(paths: o.invoices, profile: profile, into: a, threads: threads, cuts: cuts)
        inspect?(ing)
    } else {
        ing.parserKind = .libcsv
        try ing.ingest(paths: o.invoices, profile: profile) { a.add($0) }
    }
    var out =
        ["\(ing.counts)"] + ing.rejects.map(\.position) + ing.excludedListed.map(\.position)
        + ing.books.duplicates.map(\.position)
        + ing.warnings
    for y in a.reportYears {
        let r = try YearReport.build(
            year: y, figures: a.years[y] ?? YearFigures(names: a.names), rows: ing.counts, analyzer: a,
            threads: fast ? threads : 1)
        let ctx = ReportContext(
            report: r, history: [], rejects: ing.rejects, excluded: ing.excludedListed, duplicates: ing.books.duplicates
        )
        for f in Pipeline.formats(["json", "csv"]) {
            out.append(f.fileName + "\n" + String(decoding: f.render(ctx), as: UTF8.self))
        }
    }
    return out
}

private func options(_ invoices: [String], profile: String? = nil, category: String? = "IT") -> RunOptions {
    var o = RunOptions()
    let dir = repoRoot + "/Fixtures/analysis"
    o.invoices = invoices
    o.profile = profile
    o.rules = dir + "/regler.csv"
    o.contracts = dir + "/avtal.csv"
    o.organisation = dir + "/organisation.csv"
    o.settings.category = category
    return o
}

/// A Proceedo dump with Windows line ends and every kind of row: quoted line feeds (LF and CRLF), doubled quotes,
/// blank lines, excluded and unknown statuses, bad amounts and dates, a foreign currency, a contract reference,
/// repeated invoices, lines outside the category, and a quote that never closes at the end.
private let oddDump: String = {
    let header =
        "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus"
    let rows = [
        "A1;V1;2022-03-01;Atea Sverige AB;556036-0793;1100;54610;\"Dator\r\nmed skärm\";1 000,00;SEK;K1;OK",
        "A1;V1b;2022-03-01;Atea Sverige AB;556036-0793;1100;54610;Dator;250,00;;K1;OK",
        "",
        "A2;V2;2022-09-01;ATEA SVERIGE AB;5560360793;2100;54610;\"\"\"Citat\"\" och\nrad\";500,00;SEK;K9;OK",
        "T1;V4;2022-02-01;Tele2 Sverige AB;556410-8917;1200;74311;Licens;300,00;SEK;K1;OK",
        "T2;V5;2021-02-01;Tele2 Sverige AB;556410-8917;9999;74311;  Licens ;-40,00;SEK;K2;ok",
        "P1;V6;2022-02-01;Tele2 Sverige AB;556410-8917;1200;74311;Licens;99,00;SEK;;PENDING",
        "C1;V7;2022-02-01;Tele2 Sverige AB;556410-8917;1200;74311;Licens;99,00;SEK;;CANCELED",
        "B1;V8;2022-02-01;Tele2 Sverige AB;556410-8917;1200;74311;Licens;12,345;SEK;;OK",
        "B2;V9;2022-13-01;Tele2 Sverige AB;556410-8917;1200;74311;Licens;12,00;SEK;;OK",
        "E1;V10;2022-04-01;Euro AB;;1100;54610;Licens;10,00;EUR;;OK",
        "N1;;2022-05-01;Nisses Data;;1300;54610;Kabel;50,00;SEK;;OK",
        ";;2022-05-02;Nisses Data;;1300;54610;Kabel;5,00;SEK;;OK",
        "O1;V11;2022-01-01;Byggare AB;;1100;41000;Betong;10000,00;SEK;;OK",
        "X1;V12;2022-01-01;Okänt AB;;1100;99999;Annat;100,00;SEK;;OK",
        "S1;V13;2022-06-01;Atea Sverige AB;556036-0793;1100;54610;Skärm;75,50;SEK;K1;OK",
        "W1;V14;2022-06-02;Atea Sverige AB;556036-0793;1100;54610;för få fält",
        "U1;V15;2022-07-01;Atea Sverige AB;556036-0793;1100;54610;\"aldrig stängd;1,00;SEK;;OK",
        "U2;V16;2022-07-02;Atea Sverige AB;556036-0793;1100;54610;sist;2,00;SEK;;OK",
    ]
    return ([header] + rows).joined(separator: "\r\n") + "\r\n"
}()

@Suite("Fast path against the reference path")
struct FastPathTests {
    @Test("fixtures give the reference's reports and books", arguments: [1, 2, 3])
    func fixtures(threads: Int) throws {
        let dir = repoRoot + "/Fixtures"
        let runs: [RunOptions] = [
            options([dir + "/analysis/dump1.csv", dir + "/analysis/dump2.csv"], profile: "proceedo"),
            options([dir + "/analysis/dump1.csv"], profile: "proceedo", category: nil),
            options([dir + "/explain/fakturor.csv"]),
            options([dir + "/coordinated/avrop.csv"], category: nil),
            options([writeFile(oddDump)], profile: "proceedo"),
        ]
        for o in runs {
            let reference = try outputs(o, fast: false)
            #expect(reference.count > 3)
            #expect(try outputs(o, fast: true, threads: threads) == reference, "\(o.invoices)")
        }
    }

    @Test(
        "kernels that flush after a few subjects and tallies that spill after a few records give the reference's reports",
        arguments: [(1, TallyNames.defaultBudget), (2, 2), (5, 7), (LineKernel.maxSubjects, 1)])
    func flushesAndSpills(subjectLimit: Int, budget: Int) throws {
        let dir = repoRoot + "/Fixtures"
        for o in [
            options([dir + "/analysis/dump1.csv", dir + "/analysis/dump2.csv"], profile: "proceedo"),
            options([writeFile(oddDump)], profile: "proceedo"),
        ] {
            let reference = try outputs(o, fast: false)
            #expect(try outputs(o, fast: false, tallyBudget: budget) == reference, "\(o.invoices)")
            #expect(
                try outputs(o, fast: true, threads: 2, subjectLimit: subjectLimit, tallyBudget: budget) == reference,
                "\(o.invoices)")
        }
    }

    /// Lines of one class whose accounts are all new: only the column cache grows, and when full it flushes itself
    /// (it once grew to 344 MB on a million such lines).
    @Test("a full column cache flushes and forgets its values, with the reference's reports")
    func valueCacheFlushes() throws {
        var rows = [
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus"
        ]
        for i in 0..<400 { rows.append("A\(i);V\(i);2022-03-01;Atea Sverige AB;556036-0793;1100;5\(1000 + i);10,00;OK") }
        var o = options([writeFile(rows.joined(separator: "\n") + "\n")], profile: "proceedo")
        o.rules = writeFile("kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text\nIT;HW;;;5*;\n")
        let reference = try outputs(o, fast: false)
        var count = 0
        #expect(try outputs(o, fast: true, threads: 1, valueLimit: 50, inspect: { count = $0.kernelFlushes }) == reference)
        #expect(count >= 7, "400 new accounts, 50 a cache: \(count) flushes")
        #expect(try outputs(o, fast: true, threads: 1) == reference)
    }

    @Test("thousands of rejects, written out of memory, are listed in order with their lines on two threads")
    func manyRejects() throws {
        var rows = [
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus"
        ]
        for i in 0..<(3 * RowIssues.budget + 100) {
            rows.append(
                i % 3 == 0
                    ? "Z\(i);V;2022-02-01;Tele2 Sverige AB;556410-8917;1200;74311;Licens;\(i)x;SEK;;OK"
                    : "P\(i);V;2022-02-01;Tele2 Sverige AB;556410-8917;1200;74311;Licens;1,00;SEK;;PENDING")
        }
        let o = options([writeFile(rows.joined(separator: "\n") + "\n")], profile: "proceedo")
        let reference = try outputs(o, fast: false)
        #expect(reference[0].contains("rejected: \(RowIssues.budget + 34)"))
        #expect(try outputs(o, fast: true, threads: 2) == reference)
        #expect(try outputs(o, fast: true, threads: 3, cuts: [5000, 200_000]) == reference)
    }

    @Test("a Windows-1252 byte after UTF-8 text drops the parallel attempt whole", arguments: [1, 2])
    func lateInvalidByte(threads: Int) throws {
        var bytes = Array(oddDump.utf8)
        bytes +=
            Array("L1;V20;2022-08-01;Atea Sverige AB;556036-0793;1100;54610;Sk".utf8) + [0xE4]
            + Array("rm;9,00;SEK;;OK\r\n".utf8)
        let o = options([writeFile(bytes)], profile: "proceedo")
        let reference = try outputs(o, fast: false)
        #expect(reference[0].contains("read: 19"))
        #expect(try outputs(o, fast: true, threads: threads) == reference)
        #expect(try outputs(o, fast: true, threads: threads, cuts: [700]) == reference)
    }

    @Test("a cut at every byte gives the reference's reports and books")
    func everyCut() throws {
        let path = writeFile(oddDump)
        let o = options([path], profile: "proceedo")
        let reference = try outputs(o, fast: false)
        #expect(reference[0].contains("rejected: 5"))
        let size = oddDump.utf8.count
        var failures = 0
        for cut in 0...size {
            let fast = try outputs(o, fast: true, cuts: [cut])
            if fast != reference && failures < 2 {
                failures += 1
                for (a, b) in zip(fast, reference) where a != b { print("CUT \(cut)\nFAST: \(a)\nREF:  \(b)") }
                if fast.count != reference.count { print("COUNTS \(fast.count) \(reference.count)") }
            }
            #expect(fast == reference, "cut at \(cut)")
        }
        #expect(try outputs(o, fast: true, threads: 4, cuts: [200, 400, 401, 900]) == reference)
    }

    @Test(
        "workers that take half of another's unread range when done give the reference's reports and books",
        arguments: [2, 3])
    func splitRanges(threads: Int) throws {
        let path = writeFile(oddDump)
        let o = options([path], profile: "proceedo")
        let reference = try outputs(o, fast: false)
        let size = oddDump.utf8.count
        var most = 0
        for round in 0..<60 {
            // Blocks of a few bytes, so a worker claims little at a time and the others split it often; every
            // split is a guessed cut (some inside quoted line feeds), checked as the first cuts are.
            let cuts = (1..<threads).map { size * $0 / threads + round % 7 }
            var dropped = -1
            let fast = try outputs(
                o, fast: true, threads: threads, cuts: cuts, split: (block: 8 + round % 40, minimum: 1),
                inspect: { most = max(most, $0.kernelCount); dropped = $0.parallelDropped })
            #expect(fast == reference, "round \(round)")
            #expect(dropped == 0, "round \(round): the ranges did not join up")
        }
        #expect(most > threads, "no worker ever took part of another's range")
    }

    @Test(
        "ranges split while their readers are mid-range, in a ledger where every other row's text holds line feeds",
        arguments: [2, 3])
    func splitsMidRange(threads: Int) throws {
        var rows = [
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus"
        ]
        var random = FixtureRandom(seed: 77 + UInt64(threads))
        for i in 0..<2_500 {
            let text =
                switch i % 6 {
                case 0, 2: "\"Rad \(i)\nfortsätter\r\noch slutar\""
                case 4: "\"\"\"Citat\"\" \(i)\n\n\""
                case 5 where i % 60 == 5: "\"aldrig stängd \(i)"  // an unclosed quote swallows rows: rejects
                default: "Licens \(i)"
                }
            let amount = i % 97 == 0 ? "12,345" : "\(1 + random.int(0...999)),\(10 + i % 90)"
            let day = "2022-0\(1 + i % 9)-1\(i % 10)"
            rows.append("F\(i);V\(i);\(day);Atea Sverige AB;556036-0793;1\(i % 4)00;54610;\(text);\(amount);SEK;K1;OK")
        }
        let text = rows.joined(separator: "\r\n") + "\r\n"
        let o = options([writeFile(text)], profile: "proceedo")
        let reference = try outputs(o, fast: false)
        let size = text.utf8.count
        var most = 0, overran = 0
        // Ten rounds at least, and on until a worker took part of another's range and a reader ran over a cut (both
        // hang on the threads' timing: on a busy host ten rounds sometimes saw neither).
        for round in 0..<40 {
            if round >= 10 && most > threads && overran > 0 { break }
            let cuts = (1..<threads).map { _ in random.int(0...size) }.sorted()
            var kernels = 0, dropped = -1
            let fast = try outputs(
                o, fast: true, threads: threads, cuts: cuts, split: (block: 256 << (round % 5), minimum: 64),
                pause: { usleep(UInt32.random(in: 0...200)) },
                inspect: { kernels = $0.kernelCount; dropped = $0.parallelDropped; overran += $0.rangeOverruns })
            #expect(fast == reference, "round \(round), cuts \(cuts)")
            #expect(dropped == 0, "round \(round): the ranges did not join up")
            most = max(most, kernels)
        }
        #expect(most > threads, "no worker ever took part of another's range")
        #expect(overran > 0, "no reader ever ran over a cut (into a quoted line feed) and read on to a later range")
        // Without quoted line feeds a reader can only run over a cut placed in bytes it had already claimed.
        let plainText = rows.filter { !$0.contains("\"") }.joined(separator: "\n") + "\n"
        let plain = options([writeFile(plainText)], profile: "proceedo")
        let plainReference = try outputs(plain, fast: false)
        var splits = 0
        for round in 0..<10 {
            var overruns = -1
            // The last range holds three quarters of the file: the first readers are done while it has much left.
            let cuts = (1..<threads).map { plainText.utf8.count * $0 / (4 * threads - 4) }
            let fast = try outputs(
                plain, fast: true, threads: threads, cuts: cuts, split: (block: 256 << (round % 5), minimum: 64),
                pause: { usleep(UInt32.random(in: 0...200)) },
                inspect: { splits += $0.kernelCount - threads; overruns = $0.rangeOverruns })
            #expect(fast == plainReference, "round \(round)")
            #expect(overruns == 0, "round \(round): a cut fell in bytes a reader had claimed")
        }
        #expect(splits > 0, "no worker ever took part of another's range in the plain ledger")
    }

    @Test("the reference data set's ledger gives the same figures on one and two threads")
    func referenceLedger() throws {
        let data = tempDir()
        _ = try ReferenceDataSet(scale: 1).write(to: data)
        var o = options([data + "/ledger/proceedo-2022.csv"], profile: "proceedo", category: "IT och telekom")
        o.rules = data + "/regler.csv"; o.contracts = data + "/avtal.csv"; o.organisation = data + "/organisation.csv"
        let reference = try outputs(o, fast: false)
        #expect(try outputs(o, fast: true, threads: 1) == reference)
        #expect(try outputs(o, fast: true, threads: 2, cuts: [1 << 20, 3 << 20]) == reference)
        var kernels = 0
        #expect(
            try outputs(
                o, fast: true, threads: 2, cuts: [1 << 20], split: (block: 1 << 14, minimum: 1 << 12),
                inspect: { kernels = $0.kernelCount })
                == reference)
        #expect(kernels > 2, "no worker took part of another's range")
    }
}
